package index_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/reprint-tool/reprint/detect"

	"github.com/reprint-tool/reprint/index"
	"github.com/reprint-tool/reprint/index/storetest"
)

func TestBoltConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Create: func(t *testing.T, p index.Params) index.Store {
			b, err := index.OpenBolt(filepath.Join(t.TempDir(), "test.idx"), index.BoltOptions{Create: &p})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close() })
			return b
		},
		Reopen: func(t *testing.T, s index.Store) index.Store {
			path := s.(*index.Bolt).Path()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := index.OpenBolt(path, index.BoltOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close() })
			if err := b.Verify(context.Background()); err != nil {
				t.Fatal(err)
			}
			return b
		},
	})
}

// sampleIndex writes an index of the seed articles and returns its path.
func sampleIndex(t *testing.T) string {
	t.Helper()
	docs := readDocs(t, "../testdata/seeds")
	p, err := index.ParamsOf(detect.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seeds.idx")
	b, err := index.OpenBolt(path, index.BoltOptions{Create: &p})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := index.Add(context.Background(), b, docs, index.AddOptions{BatchArticles: 2}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// use opens path and exercises it: stats, a check of a seed, and a full
// verification. It returns the first error; it must never panic.
func use(t *testing.T, path string, readOnly bool) error {
	t.Helper()
	b, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: readOnly})
	if err != nil {
		return err
	}
	defer b.Close()
	news := readDocs(t, "../testdata/seeds/002_58137fd439db9d92.txt")
	err = b.View(context.Background(), func(r index.Reader) error {
		if _, err := r.Stats(); err != nil {
			return err
		}
		_, err := index.Check(context.Background(), r, b.Params(), news, index.CheckOptions{Workers: 1})
		return err
	})
	if err != nil {
		return err
	}
	return b.Verify(context.Background())
}

func copyFile(t *testing.T, from string, edit func([]byte) []byte) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.idx")
	if err := os.WriteFile(to, edit(slices.Clone(data)), 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

func wantFormatError(t *testing.T, err error, mention string) {
	t.Helper()
	var fe *index.FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v (%T), want a *index.FormatError", err, err)
	}
	if !strings.Contains(err.Error(), mention) {
		t.Errorf("error %q does not mention %q", err, mention)
	}
}

func TestBoltNotAnIndex(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 64<<10)
	rr := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rr.Uint32())
	}
	other, err := os.ReadFile("../testdata/seeds/000_d1e477286e6d9095.txt")
	if err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(dir, "bare.db")
	db, err := bolt.Open(bare, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	foreign := filepath.Join(dir, "foreign.db")
	db, err = bolt.Open(foreign, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("magic"), []byte("someone-else"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	good := sampleIndex(t)
	versioned := func(v byte) string {
		path := copyFile(t, good, func(b []byte) []byte { return b })
		db, err := bolt.Open(path, 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte{0, 0, 0, v})
		}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	newer, older := versioned(index.FormatVersion+1), versioned(1)

	cases := []struct {
		name, path, mention string
	}{
		{"zero-length file", write("empty.idx", nil), "empty file"},
		{"random bytes", write("random.idx", random), "not a reprint index"},
		{"a text file", write("text.idx", other), "not a reprint index"},
		{"bbolt file without metadata", bare, "without reprint's metadata"},
		{"bbolt file of another program", foreign, "another program"},
		{"a newer format version", newer, fmt.Sprintf("format version %d", index.FormatVersion+1)},
		{"an index of version 1 (no content-word postings)", older, "format version 1; this reprint reads version 2 (rebuild"},
		{"a folder", dir, "not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile(c.path)
			for _, ro := range []bool{true, false} {
				_, err := index.OpenBolt(c.path, index.BoltOptions{ReadOnly: ro})
				wantFormatError(t, err, c.mention)
				if !strings.Contains(err.Error(), c.path) {
					t.Errorf("error %q does not name the file", err)
				}
			}
			// Opening for writing (even with Create) must not touch it.
			p, _ := index.ParamsOf(detect.Defaults())
			_, err := index.OpenBolt(c.path, index.BoltOptions{Create: &p})
			wantFormatError(t, err, c.mention)
			after, _ := os.ReadFile(c.path)
			if !slices.Equal(before, after) {
				t.Error("a failed open changed the file")
			}
		})
	}
	if _, err := index.OpenBolt(filepath.Join(dir, "absent.idx"), index.BoltOptions{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing index: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.idx")); err == nil {
		t.Error("a read-only open created the file")
	}
}

// TestBoltTruncated opens copies of an index cut short at many lengths:
// each must give an error (or, cut only in trailing free space, work), and
// never a panic or a crash.
func TestBoltTruncated(t *testing.T) {
	good := sampleIndex(t)
	fi, err := os.Stat(good)
	if err != nil {
		t.Fatal(err)
	}
	size := int(fi.Size())
	var cuts []int
	for _, c := range []int{1, 100, 4095, 4096, 8191, 8192, 12288, 16384, size / 3, size / 2, size - 4096, size - 1} {
		if c > 0 && c < size {
			cuts = append(cuts, c)
		}
	}
	for _, n := range cuts {
		path := copyFile(t, good, func(b []byte) []byte { return b[:n] })
		for _, ro := range []bool{true, false} {
			if err := use(t, path, ro); err != nil {
				var fe *index.FormatError
				if !errors.As(err, &fe) {
					t.Errorf("cut at %d bytes: %v (%T), want a FormatError", n, err, err)
				}
			}
		}
	}
}

// TestBoltCorrupted overwrites pages of an index with garbage and uses it:
// an error or a correct answer, never a panic.
func TestBoltCorrupted(t *testing.T) {
	good := sampleIndex(t)
	r := rand.New(rand.NewPCG(3, 4))
	failed := 0
	for i := range corruptions {
		path := copyFile(t, good, func(b []byte) []byte {
			// Leave the two meta pages alone half the time, so that bbolt
			// opens the file and meets the damage inside.
			lo := 0
			if i%2 == 0 {
				lo = 2 * 4096
			}
			for range 1 + r.IntN(8) {
				at := lo + r.IntN(len(b)-lo)
				n := min(len(b)-at, 1+r.IntN(64))
				for k := range n {
					b[at+k] = byte(r.Uint32())
				}
			}
			return b
		})
		if err := use(t, path, i%3 == 0); err != nil {
			failed++
			var fe *index.FormatError
			if !errors.As(err, &fe) {
				t.Errorf("corruption %d: %v (%T), want a FormatError", i, err, err)
			}
		}
	}
	if failed == 0 {
		t.Error("no corruption was detected")
	}
}

func TestBoltWriterLock(t *testing.T) {
	path := sampleIndex(t)
	a, err := index.OpenBolt(path, index.BoltOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	start := time.Now()
	_, err = index.OpenBolt(path, index.BoltOptions{LockTimeout: 300 * time.Millisecond})
	var le *index.LockedError
	if !errors.As(err, &le) || !le.Writer || !strings.Contains(err.Error(), path) {
		t.Fatalf("second writer: %v, want a LockedError naming %s", err, path)
	}
	if time.Since(start) < 250*time.Millisecond {
		t.Errorf("second writer gave up after %v, before its timeout", time.Since(start))
	}
	// A reader opens and reads while the writer holds the index.
	r, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("reader beside a writer: %v", err)
	}
	if err := r.View(context.Background(), func(index.Reader) error { return nil }); err != nil {
		t.Fatal(err)
	}
	r.Close()
	a.Close()
	c, err := index.OpenBolt(path, index.BoltOptions{LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("writer after the first closed: %v", err)
	}
	c.Close()
}

func TestBoltReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	p, _ := index.ParamsOf(detect.Defaults())
	_, err := index.OpenBolt(filepath.Join(dir, "x.idx"), index.BoltOptions{Create: &p})
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "x.idx") {
		t.Errorf("creating an index in a read-only folder: %v", err)
	}
}

// corruptions is how many damaged copies TestBoltCorrupted tries.
var corruptions = func() int {
	if n, err := strconv.Atoi(os.Getenv("REPRINT_CORRUPTIONS")); err == nil {
		return n
	}
	return 40
}()

// Creating an index makes the folders it goes in; opening one that does
// not exist, without creating it, says so and makes nothing.
func TestBoltCreatesFolders(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "a", "b", "x.idx")
	if _, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening a missing index: %v, want fs.ErrNotExist", err)
	}
	if _, err := index.OpenBolt(path, index.BoltOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening a missing index for writing: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(root, "a")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening without Create made folders: %v", err)
	}
	p, _ := index.ParamsOf(detect.Defaults())
	b, err := index.OpenBolt(path, index.BoltOptions{Create: &p})
	if err != nil {
		t.Fatalf("creating an index in folders that do not exist: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := index.OpenBolt(path, index.BoltOptions{ReadOnly: true})
	if err != nil {
		t.Fatalf("opening the index created: %v", err)
	}
	r.Close()
}
