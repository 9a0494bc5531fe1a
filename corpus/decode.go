package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// kind is the sort of content a file holds.
type kind int

const (
	kindUnsupported kind = iota
	kindText             // one plain-text article
	kindJSONL            // one JSON article per line
	kindSniff            // decided by the first non-space byte (stdin)
)

// kindOf tells what a file holds from its name: ext is the extension that
// decided (".xml"), and gz says the file is gzipped (".jsonl.gz").
func kindOf(name string) (k kind, ext string, gz bool) {
	base := filepath.Base(name)
	if strings.EqualFold(filepath.Ext(base), ".gz") {
		gz = true
		base = base[:len(base)-len(".gz")]
	}
	ext = strings.ToLower(filepath.Ext(base))
	switch ext {
	case "", ".txt", ".text", ".md":
		k = kindText
	case ".jsonl", ".ndjson":
		k = kindJSONL
	default:
		k = kindUnsupported
	}
	if gz {
		ext += ".gz"
	}
	return k, ext, gz
}

func isGzip(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b
}

// readGzipFile reads and decompresses the gzip file at path. It returns the
// decompressed data and the size of the file.
func readGzipFile(path string) ([]byte, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	var size int64
	hint := 0
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
		if size >= 18 {
			var trailer [4]byte
			if _, err := f.ReadAt(trailer[:], size-4); err == nil {
				hint = plausibleSize(binary.LittleEndian.Uint32(trailer[:]), size)
			}
		}
	}
	data, err := gunzip(bufio.NewReaderSize(f, 64<<10), hint)
	return data, size, err
}

// sizeHint guesses the decompressed size of the gzip data in data.
func sizeHint(data []byte) int {
	n := len(data)
	if n < 18 {
		return 0
	}
	return plausibleSize(binary.LittleEndian.Uint32(data[n-4:]), int64(n))
}

// plausibleSize is isize, the decompressed size that a gzip trailer gives
// (of the last member, modulo 2³²), when it is plausible for a file of
// compressed bytes (deflate compresses at most about 1032:1); 0 otherwise.
func plausibleSize(isize uint32, compressed int64) int {
	if int64(isize) > 1032*compressed || isize >= 1<<31 {
		return 0
	}
	return int(isize)
}

// gunzip decompresses gzip data (all its members); hint is a guess at the
// decompressed size, or 0.
func gunzip(in io.Reader, hint int) ([]byte, error) {
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(hint + bytes.MinRead)
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return buf.Bytes(), nil
}

// gzipChunks decompresses gzip data from in, in a goroutine, and hands the
// output over in chunks of up to chunkSize bytes: next returns the next
// chunk, valid until the following call, or io.EOF at the end, or the error
// that stopped it. stop ends the goroutine and must be called when done; the
// chunks are then invalid.
func gzipChunks(in io.Reader, chunkSize int) (next func() ([]byte, error), stop func()) {
	const chunks = 4 // one being filled, one held by the consumer, two waiting
	type chunk struct {
		b   []byte
		err error
	}
	out := make(chan chunk, chunks-2)
	free := make(chan []byte, chunks)
	done := make(chan struct{})
	allocated := 0
	// buffer returns a buffer to fill, allocating up to chunks of them.
	buffer := func() []byte {
		select {
		case buf := <-free:
			return buf
		default:
		}
		if allocated < chunks {
			allocated++
			return make([]byte, chunkSize)
		}
		select {
		case buf := <-free:
			return buf
		case <-done:
			return nil
		}
	}
	send := func(c chunk) bool {
		select {
		case out <- c:
			return true
		case <-done:
			return false
		}
	}
	go func() {
		defer close(out)
		zr, err := gzip.NewReader(in)
		if err != nil {
			send(chunk{err: fmt.Errorf("decompress: %w", err)})
			return
		}
		for {
			buf := buffer()
			if buf == nil {
				return
			}
			n := 0
			for n < len(buf) && err == nil {
				var m int
				m, err = zr.Read(buf[n:])
				n += m
			}
			if n > 0 && !send(chunk{b: buf[:n]}) {
				return
			}
			if err == io.EOF {
				return
			}
			if err != nil {
				send(chunk{err: fmt.Errorf("decompress: %w", err)})
				return
			}
		}
	}()
	var held []byte // the chunk last handed over
	next = func() ([]byte, error) {
		if held != nil {
			free <- held[:cap(held)]
			held = nil
		}
		c, ok := <-out
		switch {
		case !ok:
			return nil, io.EOF
		case c.err != nil:
			return nil, c.err
		}
		held = c.b
		return c.b, nil
	}
	stop = func() {
		close(done)
		for range out { // wait for the goroutine to finish
		}
	}
	return next, stop
}

func hasNUL(data []byte) bool { return bytes.IndexByte(data, 0) >= 0 }

// dropBOM drops a UTF-8 byte-order mark from the start of data.
func dropBOM(data []byte) []byte {
	if len(data) >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf {
		return data[3:]
	}
	return data
}

// firstNonSpace is the first byte of data that is not ASCII white space, or
// 0 when there is none.
func firstNonSpace(data []byte) byte {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n', '\v', '\f':
			continue
		}
		return c
	}
	return 0
}

// fromWindows1252 decodes Windows-1252 text to UTF-8.
func fromWindows1252(data []byte) []byte {
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		// Cannot happen: every byte decodes to some rune. Fall back to
		// replacing what is not UTF-8.
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return out
}
