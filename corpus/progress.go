package corpus

import (
	"io"
	"sync/atomic"
)

// ReadProgress says how far Read has got, for a progress bar. Sizes are
// of the input as stored: compressed bytes, for a gzip file.
type ReadProgress struct {
	// Path is the file being read; "stdin" for standard input.
	Path string
	// Done of the Size bytes of Path have been read. Standard input counts
	// from when all of it has been taken in.
	Done, Size int64
	// Bytes is the input read so far, all files counted.
	Bytes int64
	// Documents is the number of articles read so far.
	Documents int
}

// progressStep is how much input is read between two calls of
// Options.Progress, at most: often enough for a bar to move smoothly, and
// seldom enough to cost nothing against the reading.
const progressStep = 256 << 10

// progress tells opt.Progress, if set, that done of the size bytes of the
// file at path have been read; end says the file is finished. Calls are
// passed on once per progressStep of input, and at the start and end of a
// file of that size or more.
func (r *reader) progress(path string, done, size int64, end bool) {
	if r.opt.Progress == nil {
		return
	}
	all := r.bytes + done
	if end {
		r.bytes += size
	}
	if all-r.reported < progressStep && (size < progressStep || (done != 0 && !end)) {
		return
	}
	r.reported = all
	r.opt.Progress(ReadProgress{Path: path, Done: done, Size: size, Bytes: all, Documents: len(r.c.Documents)})
}

// meter returns a function for readJSONL to report the parsed bytes of a
// file stored as they are parsed (not compressed), of size bytes.
func (r *reader) meter(path string, size int64) func(parsed int64) {
	if r.opt.Progress == nil {
		return nil
	}
	return func(parsed int64) { r.progress(path, min(parsed, size), size, false) }
}

// countingReader counts the bytes read through it; the count may be read
// from another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
