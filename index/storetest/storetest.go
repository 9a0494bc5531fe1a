// Package storetest is the conformance suite every index.Store backend
// must pass: the embedded bbolt one and any later one (a shared server for
// several machines). It checks the contract Check relies on: what is put is
// read back as put, postings come in witness order, writes are atomic and
// isolated from readers, removal leaves no trace, and a persistent backend
// keeps everything across a reopen.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reprint-tool/reprint"
	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/provenance"
)

// Backend makes stores for the suite.
type Backend struct {
	// Create returns a new, empty store with parameters p, closed when t
	// ends.
	Create func(t *testing.T, p index.Params) index.Store
	// Reopen closes s and opens the same store again; nil for a backend
	// that does not persist.
	Reopen func(t *testing.T, s index.Store) index.Store
}

// Run runs the suite against b.
func Run(t *testing.T, b Backend) {
	t.Run("Params", func(t *testing.T) { testParams(t, b) })
	t.Run("PutRead", func(t *testing.T) { testPutRead(t, b) })
	t.Run("Postings", func(t *testing.T) { testPostings(t, b) })
	t.Run("Exists", func(t *testing.T) { testExists(t, b) })
	t.Run("Atomic", func(t *testing.T) { testAtomic(t, b) })
	t.Run("Remove", func(t *testing.T) { testRemove(t, b) })
	t.Run("Replace", func(t *testing.T) { testReplace(t, b) })
	t.Run("Batches", func(t *testing.T) { testBatches(t, b) })
	t.Run("Persistence", func(t *testing.T) { testPersistence(t, b) })
	t.Run("ConcurrentReadWrite", func(t *testing.T) { testConcurrent(t, b) })
}

func params(t *testing.T) index.Params {
	p, err := index.ParamsOf(detect.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// words makes a text of n pseudo-random words from a small vocabulary, so
// that texts built from the same seed share shingles.
func words(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := strings.Fields("the a of to in said minister on for it with market oil price was at by rose fell shares bank government talks year week company")
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocab[r.IntN(len(vocab))])
		fmt.Fprintf(&b, "%d", r.IntN(40))
	}
	return b.String()
}

// corpus returns n articles that share passages with one another, with
// dated and undated ones, equal dates and several paragraphs each.
func corpus(n int, salt string) []reprint.Document {
	base := time.Date(2019, 3, 1, 12, 0, 0, 0, time.FixedZone("EST", -5*3600))
	shared := []string{words(1, 40), words(2, 25), words(3, 60)}
	var docs []reprint.Document
	for i := range n {
		d := reprint.Document{
			ID:     fmt.Sprintf("%s%03d", salt, (i*7)%n),
			Title:  fmt.Sprintf("Title «%d»", i),
			Source: []string{"Wire", "Gazette", ""}[i%3],
			URL:    fmt.Sprintf("https://example.com/%d", i),
		}
		switch i % 4 {
		case 0, 1:
			d.Date = base.Add(time.Duration(i/2) * time.Hour) // pairs share a date
		case 2:
			d.Date = base.Add(-time.Duration(i) * time.Minute).UTC()
		}
		paras := []string{words(uint64(100+i), 30), shared[i%3], words(uint64(200+i), 20)}
		if i%5 == 0 {
			paras = append(paras, shared[(i+1)%3], shared[i%3]) // a repeat inside
		}
		d.Text = strings.Join(paras, "\n\n")
		docs = append(docs, d)
	}
	return docs
}

func entries(t *testing.T, p index.Params, docs []reprint.Document) []index.Entry {
	prep, err := index.NewPreparer(p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]index.Entry, len(docs))
	for i, d := range docs {
		out[i] = prep.Entry(d)
	}
	return out
}

func put(t *testing.T, s index.Store, es []index.Entry) {
	t.Helper()
	err := s.Update(context.Background(), func(w index.Writer) error { return w.Put(es) })
	if err != nil {
		t.Fatal(err)
	}
}

func view(t *testing.T, s index.Store, fn func(r index.Reader) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func testParams(t *testing.T, b Backend) {
	p := params(t)
	p.Shingle, p.Seed, p.MaxGap = 4, 99, 3
	s := b.Create(t, p)
	if got := s.Params(); got != p {
		t.Errorf("Params() = %+v, want %+v", got, p)
	}
	view(t, s, func(r index.Reader) error {
		st, err := r.Stats()
		if err != nil {
			return err
		}
		if st.Params != p || st.Format != index.FormatVersion || st.Articles != 0 {
			t.Errorf("empty store stats %+v", st)
		}
		return nil
	})
}

// model is what a store must hold for a set of entries.
type model struct {
	docs     map[string]index.Entry
	shingles map[uint64][]string // ids in witness order
	repeated map[[2]string]bool  // (hash as string, id)
	buckets  map[uint64][]idPara
	stems    map[uint32][]string // ids of the articles using each content stem
}

type idPara struct {
	id   string
	para int
}

func newModel(es []index.Entry) *model {
	m := &model{docs: map[string]index.Entry{}, shingles: map[uint64][]string{}, repeated: map[[2]string]bool{}, buckets: map[uint64][]idPara{},
		stems: map[uint32][]string{}}
	for _, e := range es {
		m.docs[e.Doc.ID] = e
	}
	ids := slices.Sorted(maps.Keys(m.docs))
	slices.SortFunc(ids, func(a, b string) int {
		da, db := m.docs[a].Doc, m.docs[b].Doc
		return provenance.Compare(&da, &db)
	})
	for _, id := range ids {
		e := m.docs[id]
		for _, h := range e.Shingles {
			m.shingles[h] = append(m.shingles[h], id)
		}
		for _, h := range e.Repeated {
			m.repeated[[2]string{fmt.Sprint(h), id}] = true
		}
		for _, pk := range e.Keys {
			for _, k := range pk.Keys {
				m.buckets[k] = append(m.buckets[k], idPara{id, pk.Para})
			}
		}
		for _, st := range e.Stems {
			m.stems[st] = append(m.stems[st], e.Doc.ID)
		}
	}
	return m
}

// check compares what s holds with the model: documents, ids, postings in
// witness order, and stats.
func (m *model) check(t *testing.T, s index.Store) {
	t.Helper()
	view(t, s, func(r index.Reader) error {
		ids := slices.Sorted(maps.Keys(m.docs))
		nums, ok, err := r.Lookup(ids)
		if err != nil {
			return err
		}
		byNum := map[index.DocNum]string{}
		for i, id := range ids {
			if !ok[i] {
				t.Fatalf("Lookup(%q): not found", id)
			}
			if other, dup := byNum[nums[i]]; dup {
				t.Fatalf("%q and %q have the same number %d", id, other, nums[i])
			}
			byNum[nums[i]] = id
		}
		if _, ok, err := r.Lookup([]string{"absent"}); err != nil || ok[0] {
			t.Errorf("Lookup(absent) = %v, %v", ok, err)
		}
		docs, err := r.Documents(nums)
		if err != nil {
			return err
		}
		metas, err := r.Meta(nums)
		if err != nil {
			return err
		}
		for i, id := range ids {
			want := m.docs[id].Doc
			if !sameDoc(docs[i], want) {
				t.Errorf("Documents: got %+v, want %+v", docs[i], want)
			}
			want.Text = ""
			if !sameDoc(metas[i], want) {
				t.Errorf("Meta: got %+v, want %+v", metas[i], want)
			}
			if docs[i].Dated() && docs[i].Date.Format(time.RFC3339Nano) != m.docs[id].Doc.Date.Format(time.RFC3339Nano) {
				t.Errorf("%s: date %v comes back as %v (zone offset lost)", id, m.docs[id].Doc.Date, docs[i].Date)
			}
		}
		var listed []string
		if err := r.IDs(func(id string, n index.DocNum) bool {
			if byNum[n] != id {
				t.Errorf("IDs: %q has number %d, Lookup says %q", id, n, byNum[n])
			}
			listed = append(listed, id)
			return true
		}); err != nil {
			return err
		}
		if !slices.Equal(listed, ids) {
			t.Errorf("IDs listed %v, want %v in id order", listed, ids)
		}

		hashes := slices.Sorted(maps.Keys(m.shingles))
		hashes = append(hashes, 12345, 0xfedcba9876543210) // absent
		ps, err := r.Shingles(hashes)
		if err != nil {
			return err
		}
		var total int64
		for i, h := range hashes {
			var got []string
			for _, p := range ps[i] {
				id := byNum[p.Doc]
				got = append(got, id)
				if want := m.repeated[[2]string{fmt.Sprint(h), id}]; p.Repeated != want {
					t.Errorf("shingle %x in %s: Repeated %v, want %v", h, id, p.Repeated, want)
				}
			}
			total += int64(len(got))
			if !slices.Equal(got, m.shingles[h]) {
				t.Fatalf("shingle %x: postings %v, want %v (witness order)", h, got, m.shingles[h])
			}
		}
		keys := slices.Sorted(maps.Keys(m.buckets))
		bs, err := r.Buckets(append(keys, 777))
		if err != nil {
			return err
		}
		var btotal int64
		for i, k := range keys {
			var got []idPara
			for _, p := range bs[i] {
				got = append(got, idPara{byNum[p.Doc], p.Para})
			}
			btotal += int64(len(got))
			if !slices.Equal(got, m.buckets[k]) {
				t.Fatalf("bucket %x: postings %v, want %v (witness order, then paragraph)", k, got, m.buckets[k])
			}
		}
		if len(bs[len(keys)]) != 0 {
			t.Errorf("absent bucket has postings %v", bs[len(keys)])
		}
		stems := append(slices.Sorted(maps.Keys(m.stems)), 1<<31+7) // and one absent
		users, err := r.StemUsers(stems)
		if err != nil {
			return err
		}
		holders, err := r.StemHolders(stems)
		if err != nil {
			return err
		}
		var stotal int64
		for i, st := range stems {
			stotal += int64(users[i])
			if users[i] != len(m.stems[st]) {
				t.Fatalf("stem %08x: %d users, want %d", st, users[i], len(m.stems[st]))
			}
			var got []string
			for k, n := range holders[i] {
				if k > 0 && n <= holders[i][k-1] {
					t.Fatalf("stem %08x: holders %v not in DocNum order", st, holders[i])
				}
				got = append(got, byNum[n])
			}
			slices.Sort(got)
			if want := slices.Sorted(slices.Values(m.stems[st])); !slices.Equal(got, want) {
				t.Fatalf("stem %08x: holders %v, want %v", st, got, want)
			}
		}
		st, err := r.Stats()
		if err != nil {
			return err
		}
		var paras int
		var text int64
		for _, e := range m.docs {
			paras += e.Paragraphs
			text += int64(len(e.Doc.Text))
		}
		if st.Articles != len(m.docs) || st.Paragraphs != paras || st.TextBytes != text || st.Shingles != total || st.Buckets != btotal || st.Stems != stotal {
			t.Errorf("stats %+v; want %d articles, %d paragraphs, %d text bytes, %d shingle, %d bucket and %d stem postings",
				st, len(m.docs), paras, text, total, btotal, stotal)
		}
		return nil
	})
}

func sameDoc(a, b reprint.Document) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Source == b.Source && a.URL == b.URL && a.Text == b.Text && a.Date.Equal(b.Date) && a.Dated() == b.Dated()
}

func testPutRead(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	docs := corpus(12, "a")
	docs = append(docs, reprint.Document{ID: "ünïcode/ id with spaces", Text: "Ein Text, der „zitiert“ wird: straße STRASSE.\r\n\r\nZweiter Absatz mit Wörtern genug dafür."})
	docs = append(docs, reprint.Document{ID: "empty", Text: ""})
	es := entries(t, p, docs)
	put(t, s, es)
	newModel(es).check(t, s)
}

// testPostings puts articles in an order unrelated to witness order, in
// several transactions, and wants every posting list in witness order.
func testPostings(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	docs := corpus(40, "p")
	es := entries(t, p, docs)
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
	for i := 0; i < len(es); i += 9 {
		put(t, s, es[i:min(i+9, len(es))])
	}
	newModel(es).check(t, s)
}

func testExists(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	es := entries(t, p, corpus(4, "e"))
	put(t, s, es[:2])
	for _, batch := range [][]index.Entry{{es[1]}, {es[2], es[2]}, {es[3], es[0]}} {
		err := s.Update(context.Background(), func(w index.Writer) error { return w.Put(batch) })
		if !errors.Is(err, index.ErrExists) {
			t.Errorf("Put of a present or doubled id: %v, want ErrExists", err)
		}
	}
	newModel(es[:2]).check(t, s)
}

// testAtomic wants an Update that fails, or whose context ends, to leave
// nothing of what it did.
func testAtomic(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	es := entries(t, p, corpus(10, "t"))
	put(t, s, es[:5])
	boom := errors.New("boom")
	err := s.Update(context.Background(), func(w index.Writer) error {
		if err := w.Put(es[5:]); err != nil {
			return err
		}
		if _, err := w.Remove([]string{es[0].Doc.ID}); err != nil {
			return err
		}
		// The writer sees its own changes.
		_, ok, err := w.Lookup([]string{es[7].Doc.ID, es[0].Doc.ID})
		if err != nil {
			return err
		}
		if !ok[0] || ok[1] {
			t.Errorf("inside the transaction: present %v, want [true false]", ok)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = s.Update(ctx, func(w index.Writer) error {
		cancel()
		return w.Put(es[5:])
	})
	if err == nil {
		t.Fatal("Update whose context ended committed")
	}
	newModel(es[:5]).check(t, s)
}

func testRemove(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	es := entries(t, p, corpus(16, "r"))
	put(t, s, es)
	var gone []string
	for i := 0; i < len(es); i += 3 {
		gone = append(gone, es[i].Doc.ID)
	}
	var removed []string
	err := s.Update(context.Background(), func(w index.Writer) error {
		var err error
		removed, err = w.Remove(append(slices.Clone(gone), "not-there", gone[0]))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, gone) {
		t.Errorf("Remove returned %v, want %v", removed, gone)
	}
	var kept []index.Entry
	for i, e := range es {
		if i%3 != 0 {
			kept = append(kept, e)
		}
	}
	newModel(kept).check(t, s)
	// Removing everything leaves an empty store.
	err = s.Update(context.Background(), func(w index.Writer) error {
		var ids []string
		for _, e := range kept {
			ids = append(ids, e.Doc.ID)
		}
		_, err := w.Remove(ids)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	newModel(nil).check(t, s)
}

// testReplace removes and puts an article again in one transaction, with
// another text and date.
func testReplace(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	docs := corpus(8, "x")
	es := entries(t, p, docs)
	put(t, s, es)
	nd := docs[3]
	nd.Text = words(999, 50) + "\n\n" + docs[5].Text
	nd.Date = time.Time{}
	ne := entries(t, p, []reprint.Document{nd})[0]
	err := s.Update(context.Background(), func(w index.Writer) error {
		added, replaced, skipped, err := index.PutEntries(w, []index.Entry{ne}, true)
		if added != 0 || replaced != 1 || len(skipped) != 0 {
			t.Errorf("PutEntries replace: added %d replaced %d skipped %v", added, replaced, skipped)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(es)
	want[3] = ne
	newModel(want).check(t, s)
	err = s.Update(context.Background(), func(w index.Writer) error {
		added, replaced, skipped, err := index.PutEntries(w, []index.Entry{es[3], es[1]}, false)
		if added != 0 || replaced != 0 || len(skipped) != 2 {
			t.Errorf("PutEntries without replace: added %d replaced %d skipped %v", added, replaced, skipped)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	newModel(want).check(t, s)
}

// testBatches adds a corpus with index.Add in small batches and reports
// progress after each commit.
func testBatches(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	docs := corpus(30, "b")
	var seen []index.AddProgress
	res, err := index.Add(context.Background(), s, docs, index.AddOptions{BatchArticles: 7, Progress: func(ap index.AddProgress) { seen = append(seen, ap) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 30 || res.Batches != 5 || len(seen) != 5 || seen[4].Added != 30 || seen[0].Added != 7 {
		t.Errorf("Add: %+v, progress %+v", res, seen)
	}
	res, err = index.Add(context.Background(), s, docs[:10], index.AddOptions{BatchArticles: 4})
	if err != nil || res.Added != 0 || len(res.Skipped) != 10 {
		t.Errorf("Add again: %+v, %v; want all 10 skipped", res, err)
	}
	newModel(entries(t, p, docs)).check(t, s)
}

func testPersistence(t *testing.T, b Backend) {
	if b.Reopen == nil {
		t.Skip("backend does not persist")
	}
	p := params(t)
	p.Threshold = 0.6
	var err error
	if p.Bands, p.Rows, err = bandsRows(p); err != nil {
		t.Fatal(err)
	}
	s := b.Create(t, p)
	es := entries(t, p, corpus(20, "s"))
	put(t, s, es[:10])
	put(t, s, es[10:])
	err = s.Update(context.Background(), func(w index.Writer) error {
		_, err := w.Remove([]string{es[4].Doc.ID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s = b.Reopen(t, s)
	if s.Params() != p {
		t.Errorf("after reopening, params %+v, want %+v", s.Params(), p)
	}
	want := append(slices.Clone(es[:4]), es[5:]...)
	newModel(want).check(t, s)
	put(t, s, entries(t, p, corpus(3, "later"))) // numbers are not reused
	newModel(append(want, entries(t, p, corpus(3, "later"))...)).check(t, s)
}

func bandsRows(p index.Params) (int, int, error) {
	q, err := index.ParamsOf(func() detect.Options { o := p.Options(); return o }())
	return q.Bands, q.Rows, err
}

// testConcurrent runs readers while a writer commits batches: every reader
// sees a whole number of committed batches, never part of one.
func testConcurrent(t *testing.T, b Backend) {
	p := params(t)
	s := b.Create(t, p)
	es := entries(t, p, corpus(48, "c"))
	const batch = 6
	put(t, s, es[:batch])
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 8)
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				err := s.View(context.Background(), func(r index.Reader) error {
					st, err := r.Stats()
					if err != nil {
						return err
					}
					if st.Articles%batch != 0 {
						return fmt.Errorf("a reader saw %d articles, not a whole number of %d-article batches", st.Articles, batch)
					}
					var n int
					if err := r.IDs(func(string, index.DocNum) bool { n++; return true }); err != nil {
						return err
					}
					if n != st.Articles {
						return fmt.Errorf("a reader saw %d ids and %d articles in one view", n, st.Articles)
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	// A reader that started before a commit keeps its view.
	started, release := make(chan struct{}), make(chan struct{})
	wg.Go(func() {
		err := s.View(context.Background(), func(r index.Reader) error {
			close(started)
			<-release
			st, err := r.Stats()
			if err == nil && st.Articles != batch {
				err = fmt.Errorf("a long view saw %d articles, want the %d of its start", st.Articles, batch)
			}
			return err
		})
		if err != nil {
			errs <- err
		}
	})
	<-started
	put(t, s, es[batch:2*batch])
	close(release)
	for i := 2 * batch; i < len(es); i += batch {
		put(t, s, es[i:i+batch])
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	newModel(es).check(t, s)
}
