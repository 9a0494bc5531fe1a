package corpus_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/corpus"
)

// randomText returns about n bytes of words made of random letters, which
// gzip compresses by a half at best, so sizes on disk stay predictable.
func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for range 3 + rng.IntN(7) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
	return b.String()
}

// randomJSONL returns about n bytes of JSONL articles of 4 KB each.
func randomJSONL(rng *rand.Rand, prefix string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "{\"id\":\"%s%d\",\"text\":%q}\n", prefix, i, randomText(rng, 4<<10))
	}
	return b.String()
}

func TestReadProgress(t *testing.T) {
	const step = 256 << 10 // the reporting step, as documented
	rng := rand.New(rand.NewPCG(1, 2))
	bigJSONL := randomJSONL(rng, "j", 1<<20)
	gzipped := randomJSONL(rng, "g", 2<<20)
	bigGzip := gz(t, gzipped)
	if len(bigGzip) < 3*step {
		t.Fatalf("the gzip test file is %d bytes, want at least %d", len(bigGzip), 3*step)
	}
	small := map[string]string{}
	for i := range 20 {
		small[fmt.Sprintf("small/%02d.txt", i)] = randomText(rng, 64<<10)
	}
	small["tiny.txt"] = "A few words."

	tests := []struct {
		name  string
		files map[string]string
		args  []string // relative to the folder holding files, or "-"
		stdin string
		// last is the final call wanted, with Path relative, if known.
		last *corpus.ReadProgress
		// minCalls is the fewest calls wanted; apart says every call
		// comes at least a step of input after the one before.
		minCalls int
		apart    bool
	}{
		{
			name: "large JSONL file", files: map[string]string{"a.jsonl": bigJSONL}, args: []string{"a.jsonl"},
			last:     &corpus.ReadProgress{Path: "a.jsonl", Done: int64(len(bigJSONL)), Size: int64(len(bigJSONL)), Bytes: int64(len(bigJSONL)), Documents: strings.Count(bigJSONL, "\n")},
			minCalls: 2 + len(bigJSONL)/step - 1, // start, every step, end
		},
		{
			name: "large gzipped JSONL file counts compressed bytes", files: map[string]string{"b.jsonl.gz": bigGzip}, args: []string{"b.jsonl.gz"},
			last:     &corpus.ReadProgress{Path: "b.jsonl.gz", Done: int64(len(bigGzip)), Size: int64(len(bigGzip)), Bytes: int64(len(bigGzip)), Documents: strings.Count(gzipped, "\n")},
			minCalls: 3,
		},
		{
			name: "large JSONL on standard input", args: []string{"-"}, stdin: bigJSONL,
			last:     &corpus.ReadProgress{Path: "stdin", Done: int64(len(bigJSONL)), Size: int64(len(bigJSONL)), Bytes: int64(len(bigJSONL)), Documents: strings.Count(bigJSONL, "\n")},
			minCalls: 2 + len(bigJSONL)/step - 1,
		},
		{
			name: "folder of small files: once a step", files: small, args: []string{"small"},
			minCalls: 20 * 64 << 10 / step, apart: true,
		},
		{
			name: "small input: no call", files: small, args: []string{"tiny.txt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), tt.files)
			var paths []string
			for _, a := range tt.args {
				if a != "-" {
					a = filepath.Join(dir, a)
				}
				paths = append(paths, a)
			}
			plain := read(t, paths, corpus.Options{Stdin: strings.NewReader(tt.stdin)})
			var calls []corpus.ReadProgress
			c := read(t, paths, corpus.Options{Stdin: strings.NewReader(tt.stdin), Progress: func(p corpus.ReadProgress) {
				p.Path = strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(p.Path, dir)), "/")
				calls = append(calls, p)
			}})
			if !reflect.DeepEqual(c, plain) {
				t.Fatalf("reading with Progress set read something else")
			}
			if len(calls) < tt.minCalls {
				t.Errorf("%d calls, want at least %d: %+v", len(calls), tt.minCalls, calls)
			}
			if tt.minCalls == 0 && len(calls) > 0 {
				t.Errorf("calls %+v, want none", calls)
			}
			if tt.last != nil && len(calls) > 0 {
				if got := calls[len(calls)-1]; got != *tt.last {
					t.Errorf("last call %+v, want %+v", got, *tt.last)
				}
			}
			for i, p := range calls {
				if p.Done < 0 || p.Done > p.Size {
					t.Errorf("call %d: %+v: Done out of [0, Size]", i, p)
				}
				if i == 0 {
					continue
				}
				q := calls[i-1]
				if p.Bytes < q.Bytes || p.Documents < q.Documents || p.Path == q.Path && p.Done < q.Done {
					t.Errorf("call %d goes back: %+v after %+v", i, p, q)
				}
				if tt.apart && p.Bytes-q.Bytes < step {
					t.Errorf("call %d: %+v only %d bytes after %+v", i, p, p.Bytes-q.Bytes, q)
				}
			}
		})
	}
}
