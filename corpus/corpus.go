// Package corpus reads the articles reprint compares: plain-text files,
// folders of them and JSON Lines files, gzipped or not, from disk or from
// standard input, into reprint.Documents.
package corpus

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/reprint-tool/reprint"
)

// Options control how Read treats its input.
type Options struct {
	// SkipBad records bad documents (a malformed JSONL line, a duplicate id,
	// an unreadable file, a corrupt gzip file) in Corpus.Skipped and goes on,
	// instead of failing with the first one.
	SkipBad bool
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// Progress, when set, is told how the reading goes: about every 256 KB
	// of input, and at the start and end of every file larger than that.
	// It is called on the goroutine that called Read.
	Progress func(ReadProgress)
}

// Corpus is everything Read read.
type Corpus struct {
	// Documents are in input order: arguments in the order given, the files
	// of a folder in sorted order, the lines of a JSONL file in order.
	Documents []reprint.Document
	// Skipped lists every input that was not read, and why: files of
	// unsupported types met in a folder, files holding NUL bytes and, with
	// Options.SkipBad, bad documents.
	Skipped []reprint.Skip
	// Warnings are problems that did not stop a document being read, such as
	// "a.txt: not valid UTF-8; decoded as Windows-1252".
	Warnings []string
}

// InputError is a problem with the input: it names the file and, for JSONL
// input, the 1-based line. Standard input is named "stdin".
type InputError struct {
	Path string
	Line int // 0 when the problem is not on a particular line
	Err  error
}

func (e *InputError) Error() string {
	msg := "bad input"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, msg)
}

func (e *InputError) Unwrap() error { return e.Err }

// stdinName names standard input in ids, errors, warnings and skips.
const stdinName = "stdin"

// Read reads the articles in paths, in order. A path is a file, a folder
// (walked recursively in sorted order, skipping files and folders whose
// names start with ".", and not following symbolic links to folders) or "-"
// for opt.Stdin, which holds JSONL when its first non-space byte is "{" and
// a single plain-text article with id "stdin" otherwise (gzipped or not).
//
// Files named .jsonl or .ndjson hold one JSON object per line, with fields
// id and text (required, strings), title, date (RFC 3339 or YYYY-MM-DD;
// empty or null for none), source and url; other fields and blank lines are
// ignored. Files named .txt, .text, .md or without an extension hold one
// plain-text article each. Any of these may be gzipped (a.jsonl.gz,
// b.txt.gz). A file named explicitly with another extension is read as plain
// text; in a folder, such files and anything but regular files are recorded
// in Corpus.Skipped.
//
// The id of a plain-text article is its path relative to the argument naming
// it, with forward slashes (its file name when the argument names the file
// itself). A leading block of mail-style "Key: value" lines ended by a blank
// line, holding one of Date, From, Source, Subject, Title, Message-ID or
// Newsgroups, gives the article's date, source (Source, else From), title
// (Title, else Subject) and url (URL) and is not part of its text; a Date
// that cannot be read leaves the article undated, with a warning.
//
// Text that is not valid UTF-8 (a plain-text file, a line of JSONL) is
// decoded as Windows-1252, with a warning; a leading byte-order mark is
// dropped; files holding NUL bytes are skipped (recorded in Skipped). Text is
// otherwise kept byte for byte, CRLF line ends included.
//
// Every problem with the input (a missing or unreadable path, a corrupt gzip
// file, a malformed JSONL line, a missing or duplicate id, a bad date in
// JSONL) is returned as an *InputError, unless opt.SkipBad is set, when it is
// recorded in Corpus.Skipped and Read goes on. Read checks ctx between files
// and lines; when ctx is done it returns ctx's error, wrapped. On error the
// Corpus is nil.
func Read(ctx context.Context, paths []string, opt Options) (*Corpus, error) {
	r := &reader{
		ctx:  ctx,
		opt:  opt,
		c:    &Corpus{},
		seen: make(map[string]place),
	}
	for _, p := range paths {
		if err := r.canceled(); err != nil {
			return nil, err
		}
		if err := r.readArg(p); err != nil {
			return nil, err
		}
	}
	return r.c, nil
}

// place is where a document was read: a file and, for JSONL, a line.
type place struct {
	path string
	line int
}

func (p place) String() string {
	if p.line > 0 {
		return fmt.Sprintf("%s:%d", p.path, p.line)
	}
	return p.path
}

// reader holds the state of one call to Read.
type reader struct {
	ctx  context.Context
	opt  Options
	c    *Corpus
	seen map[string]place // id → where it was first read
	// For Options.Progress: the bytes of the files finished, and the input
	// read when it was last called.
	bytes, reported int64
}

func (r *reader) canceled() error {
	if err := r.ctx.Err(); err != nil {
		return fmt.Errorf("read corpus: %w", err)
	}
	return nil
}

// bad handles a bad document: it returns e, or records it as skipped and
// returns nil when Options.SkipBad is set.
func (r *reader) bad(e *InputError) error {
	if !r.opt.SkipBad {
		return e
	}
	reason := "bad input"
	if e.Err != nil {
		reason = e.Err.Error()
	}
	r.skip(e.Path, e.Line, reason)
	return nil
}

func (r *reader) skip(path string, line int, reason string) {
	r.c.Skipped = append(r.c.Skipped, reprint.Skip{Path: path, Line: line, Reason: reason})
}

func (r *reader) warn(format string, args ...any) {
	r.c.Warnings = append(r.c.Warnings, fmt.Sprintf(format, args...))
}

// add appends doc, read at where, unless its id was seen before.
func (r *reader) add(doc reprint.Document, where place) error {
	if first, ok := r.seen[doc.ID]; ok {
		return r.bad(&InputError{
			Path: where.path,
			Line: where.line,
			Err:  fmt.Errorf("duplicate id %q (first seen at %s)", doc.ID, first),
		})
	}
	r.seen[doc.ID] = where
	r.c.Documents = append(r.c.Documents, doc)
	return nil
}

// readArg reads one command-line argument.
func (r *reader) readArg(p string) error {
	if p == "-" {
		return r.readStdin()
	}
	fi, err := os.Stat(p)
	if err != nil {
		return r.bad(&InputError{Path: p, Err: bareErr(err)})
	}
	if fi.IsDir() {
		return r.walk(p)
	}
	return r.readFile(p, filepath.Base(p), true)
}

func (r *reader) readStdin() error {
	in := r.opt.Stdin
	if in == nil {
		in = os.Stdin
	}
	data, err := io.ReadAll(in)
	if err != nil {
		return r.bad(&InputError{Path: stdinName, Err: fmt.Errorf("read: %w", err)})
	}
	size := int64(len(data))
	at := r.meter(stdinName, size)
	if isGzip(data) {
		if data, err = gunzip(bytes.NewReader(data), sizeHint(data)); err != nil {
			return r.bad(&InputError{Path: stdinName, Err: err})
		}
		at = nil // parsed bytes are not stored ones
	}
	r.progress(stdinName, 0, size, false)
	if err := r.readData(stdinName, stdinName, kindSniff, data, at); err != nil {
		return err
	}
	r.progress(stdinName, size, size, true)
	return nil
}

// walk reads the files under the folder root in sorted order, skipping
// hidden files and folders.
func (r *reader) walk(root string) error {
	// WalkDir does not follow a root that is a symbolic link to a folder;
	// a trailing separator makes it.
	walkRoot := root
	if !os.IsPathSeparator(root[len(root)-1]) {
		if lfi, err := os.Lstat(root); err == nil && lfi.Mode()&fs.ModeSymlink != 0 {
			walkRoot = root + string(filepath.Separator)
		}
	}
	err := filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		if cerr := r.canceled(); cerr != nil {
			return cerr
		}
		if err != nil {
			if berr := r.bad(&InputError{Path: p, Err: bareErr(err)}); berr != nil {
				return berr
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == walkRoot {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		id := p
		if rel, err := filepath.Rel(walkRoot, p); err == nil {
			id = rel
		}
		id = filepath.ToSlash(id)
		switch t := d.Type(); {
		case t.IsRegular():
			return r.readFile(p, id, false)
		case t&fs.ModeSymlink != 0:
			fi, err := os.Stat(p)
			switch {
			case err != nil:
				return r.bad(&InputError{Path: p, Err: bareErr(err)})
			case fi.IsDir():
				r.skip(p, 0, "symbolic link to a folder; not followed")
				return nil
			case !fi.Mode().IsRegular():
				r.skip(p, 0, "not a regular file")
				return nil
			}
			return r.readFile(p, id, false)
		default:
			r.skip(p, 0, "not a regular file")
			return nil
		}
	})
	return err
}

// readFile reads the file at path, an article (or JSONL articles) whose id is
// id when plain text. explicit says the file was named on the command line,
// so that it is read as plain text whatever its extension.
func (r *reader) readFile(path, id string, explicit bool) error {
	k, ext, gz := kindOf(path)
	if k == kindUnsupported {
		if !explicit {
			r.skip(path, 0, "unsupported file type "+ext)
			return nil
		}
		k = kindText
	}
	if gz && k == kindJSONL {
		return r.readGzipJSONL(path)
	}
	var data []byte
	var size int64
	var err error
	if gz {
		data, size, err = readGzipFile(path)
	} else {
		data, err = os.ReadFile(path)
		size = int64(len(data))
	}
	if err != nil {
		return r.bad(&InputError{Path: path, Err: bareErr(err)})
	}
	var at func(int64)
	if !gz {
		at = r.meter(path, size)
	}
	r.progress(path, 0, size, false)
	if err := r.readData(path, id, k, data, at); err != nil {
		return err
	}
	r.progress(path, size, size, true)
	return nil
}

// readGzipJSONL reads a gzipped JSONL file, decompressing it as it goes.
func (r *reader) readGzipJSONL(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return r.bad(&InputError{Path: path, Err: bareErr(err)})
	}
	defer f.Close()
	// Chunks of four times the compressed size, within limits, suit small
	// files as well as large.
	chunkSize := 256 << 10
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
		if size < int64(chunkSize/4) {
			chunkSize = max(4<<10, int(size)*4)
		}
	}
	r.progress(path, 0, size, false)
	in := &countingReader{r: f}
	next, stop := gzipChunks(bufio.NewReaderSize(in, 64<<10), chunkSize)
	defer stop()
	var at func(int64)
	if r.opt.Progress != nil {
		at = func(int64) { r.progress(path, in.n.Load(), size, false) }
	}
	if err := r.readJSONL(path, next, at); err != nil {
		return err
	}
	r.progress(path, size, size, true)
	return nil
}

// readData reads the contents of one file (or of standard input). at, if
// not nil, is told how many bytes of a JSONL file have been parsed.
func (r *reader) readData(path, id string, k kind, data []byte, at func(parsed int64)) error {
	if hasNUL(data) {
		r.skipNUL(path)
		return nil
	}
	if k == kindSniff {
		k = kindText
		if firstNonSpace(dropBOM(data)) == '{' {
			k = kindJSONL
		}
	}
	if k == kindJSONL {
		return r.readJSONL(path, wholeFile(data), at)
	}
	return r.readText(path, id, dropBOM(data))
}

func (r *reader) skipNUL(path string) {
	// The Skipped entry is the warning: the CLI prints each skip on
	// standard error, so a Warnings line as well would say it twice.
	r.skip(path, 0, "contains NUL bytes (binary file?)")
}

// bareErr drops the operation and path of a *fs.PathError, which an
// InputError names already, leaving the cause ("no such file or directory").
// The cause still matches fs.ErrNotExist and the like with errors.Is.
func bareErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil {
		return pe.Err
	}
	return err
}
