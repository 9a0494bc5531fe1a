package pan

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Corpus is an opened PAN text-alignment corpus. Its methods are safe for
// concurrent use.
type Corpus struct {
	files      store
	pairs      []Pair
	categories []string
}

// store reads the files of a corpus by slash-separated names relative to its
// root.
type store interface {
	read(name string) (string, error) // the error names the file
	exists(name string) bool          // a regular file
	dirs() ([]string, error)          // the root's subfolders
	where(name string) string         // the file's name for messages
}

// Open opens the corpus at path: a corpus root folder (holding src/, susp/
// and pairs) or a gzipped tarball of one, which is read into memory. It
// reads the pairs files and checks that every listed document exists;
// errors name the file, and the line for pairs files.
func Open(path string) (*Corpus, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("pan: %w", err)
	}
	var s store
	switch {
	case st.IsDir():
		s = dirStore(path)
	case strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tgz"):
		if s, err = readTarball(path); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("pan: %s: not a corpus folder or a .tar.gz of one", path)
	}
	c := &Corpus{files: s}
	if err := c.readPairs(); err != nil {
		return nil, err
	}
	return c, nil
}

// Pairs returns the corpus's pairs in the order of its pairs file, each with
// the category whose pairs file lists it.
func (c *Corpus) Pairs() []Pair { return slices.Clone(c.pairs) }

// Half returns the corpus restricted to every other pair of its pairs
// file: the odd-numbered pairs (first, third, ...) when odd is true, the
// even-numbered ones (second, fourth, ...) otherwise. The pairs file lists
// the categories interleaved, so each half holds about half of each; the
// two halves let settings be chosen on one and checked on the other.
func (c *Corpus) Half(odd bool) *Corpus {
	h := &Corpus{files: c.files, categories: c.categories}
	for i, p := range c.pairs {
		if (i%2 == 0) == odd {
			h.pairs = append(h.pairs, p)
		}
	}
	return h
}

// Categories returns the names of the category folders, sorted.
func (c *Corpus) Categories() []string { return slices.Clone(c.categories) }

// Text returns the text of the named file of src/ or susp/, byte for byte.
func (c *Corpus) Text(name string) (string, error) {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("pan: %q is not a document name", name)
	}
	for _, dir := range [...]string{"src/", "susp/"} {
		if c.files.exists(dir + name) {
			t, err := c.files.read(dir + name)
			if err != nil {
				return "", fmt.Errorf("pan: %w", err)
			}
			return t, nil
		}
	}
	return "", fmt.Errorf("pan: %s: not in src/ or susp/", name)
}

// Truth returns the plagiarism cases of a pair: the features named
// "plagiarism" of the truth XML in its category folder. A pair without a
// category or without a truth file has none.
func (c *Corpus) Truth(p Pair) ([]Annotation, error) {
	if p.Category == "" {
		return nil, nil
	}
	name := p.Category + "/" + p.XMLName()
	if !c.files.exists(name) {
		return nil, nil
	}
	data, err := c.files.read(name)
	if err != nil {
		return nil, fmt.Errorf("pan: %w", err)
	}
	anns, err := readAnnotations(strings.NewReader(data), func(n string) bool { return n == "plagiarism" })
	if err != nil {
		return nil, fmt.Errorf("pan: %s: %w", c.files.where(name), err)
	}
	return anns, nil
}

// readPairs reads the root pairs file and the category folders' ones.
func (c *Corpus) readPairs() error {
	pairs, lines, err := c.pairsFile("pairs")
	if err != nil {
		return err
	}
	at := make(map[[2]string]int, len(pairs))
	for i, p := range pairs {
		k := [2]string{p.Susp, p.Src}
		if j, ok := at[k]; ok {
			return fmt.Errorf("pan: %s:%d: pair repeats line %d", c.files.where("pairs"), lines[i], lines[j])
		}
		at[k] = i
		for _, f := range [...]string{"susp/" + p.Susp, "src/" + p.Src} {
			if !c.files.exists(f) {
				return fmt.Errorf("pan: %s:%d: %s: %w", c.files.where("pairs"), lines[i], c.files.where(f), fs.ErrNotExist)
			}
		}
	}
	dirs, err := c.files.dirs()
	if err != nil {
		return err
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		name := dir + "/pairs"
		if dir == "src" || dir == "susp" || !c.files.exists(name) {
			continue
		}
		c.categories = append(c.categories, dir)
		listed, lines, err := c.pairsFile(name)
		if err != nil {
			return err
		}
		for k, p := range listed {
			i, ok := at[[2]string{p.Susp, p.Src}]
			if !ok {
				continue // not in the corpus's pairs: nothing to evaluate
			}
			if cat := pairs[i].Category; cat != "" {
				return fmt.Errorf("pan: %s:%d: pair is listed in %s/pairs too", c.files.where(name), lines[k], cat)
			}
			pairs[i].Category = dir
		}
	}
	c.pairs = pairs
	return nil
}

// pairsFile reads a pairs file: one "suspicious source" pair of file names
// a line, blank lines ignored. It returns each pair's line number too.
func (c *Corpus) pairsFile(name string) ([]Pair, []int, error) {
	data, err := c.files.read(name)
	if err != nil {
		return nil, nil, fmt.Errorf("pan: %w", err)
	}
	var pairs []Pair
	var lines []int
	n := 0
	for line := range strings.Lines(data) {
		n++
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			continue
		case len(f) != 2 || strings.ContainsAny(f[0]+f[1], `/\`):
			return nil, nil, fmt.Errorf("pan: %s:%d: want two file names, \"suspicious-documentX.txt source-documentY.txt\"; have %q",
				c.files.where(name), n, strings.TrimRight(line, "\r\n"))
		}
		pairs = append(pairs, Pair{Susp: f[0], Src: f[1]})
		lines = append(lines, n)
	}
	return pairs, lines, nil
}

// dirStore is a corpus folder on disk.
type dirStore string

func (d dirStore) path(name string) string { return filepath.Join(string(d), filepath.FromSlash(name)) }

func (d dirStore) read(name string) (string, error) {
	b, err := os.ReadFile(d.path(name))
	return string(b), err // *PathError names the file
}

func (d dirStore) exists(name string) bool {
	st, err := os.Stat(d.path(name))
	return err == nil && st.Mode().IsRegular()
}

func (d dirStore) dirs() ([]string, error) {
	entries, err := os.ReadDir(string(d))
	if err != nil {
		return nil, fmt.Errorf("pan: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

func (d dirStore) where(name string) string { return d.path(name) }

// tarStore is a corpus read from a gzipped tarball into memory.
type tarStore struct {
	archive string            // the tarball's path
	root    string            // the corpus root inside it, "" or ending in "/"
	files   map[string]string // contents by name relative to root
}

// readTarball reads the regular files of a gzipped tarball and takes as the
// corpus root the folder holding a pairs file and src/.
func readTarball(archive string) (*tarStore, error) {
	f, err := os.Open(archive)
	if err != nil {
		return nil, fmt.Errorf("pan: %w", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("pan: %s: %w", archive, err)
	}
	all := make(map[string]string)
	tr := tar.NewReader(z)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("pan: %s: %w", archive, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		var b strings.Builder
		if h.Size > 0 && h.Size < 1<<31 {
			b.Grow(int(h.Size))
		}
		if _, err := io.Copy(&b, tr); err != nil {
			return nil, fmt.Errorf("pan: %s: %s: %w", archive, h.Name, err)
		}
		all[path.Clean(h.Name)] = b.String()
	}
	// The root is the folder holding both a pairs file and src/.
	hasSrc := make(map[string]bool)
	for name := range all {
		if dir, ok := strings.CutSuffix(path.Dir(name), "src"); ok && (dir == "" || strings.HasSuffix(dir, "/")) {
			hasSrc[dir] = true
		}
	}
	var roots []string
	for name := range all {
		if dir, ok := strings.CutSuffix(name, "pairs"); ok && (dir == "" || strings.HasSuffix(dir, "/")) && hasSrc[dir] {
			roots = append(roots, dir)
		}
	}
	slices.Sort(roots)
	switch len(roots) {
	case 0:
		return nil, fmt.Errorf("pan: %s: no corpus (a pairs file beside src/): %w", archive, fs.ErrNotExist)
	case 1:
	default:
		return nil, fmt.Errorf("pan: %s: holds more than one corpus (%spairs and %spairs)", archive, roots[0], roots[1])
	}
	root := roots[0]
	t := &tarStore{archive: archive, root: root, files: make(map[string]string)}
	for name, data := range all {
		if rel, ok := strings.CutPrefix(name, root); ok {
			t.files[rel] = data
		}
	}
	return t, nil
}

func (t *tarStore) read(name string) (string, error) {
	data, ok := t.files[name]
	if !ok {
		return "", fmt.Errorf("%s: %w", t.where(name), fs.ErrNotExist)
	}
	return data, nil
}

func (t *tarStore) exists(name string) bool {
	_, ok := t.files[name]
	return ok
}

func (t *tarStore) dirs() ([]string, error) {
	seen := make(map[string]bool)
	var out []string
	for name := range t.files {
		if dir, _, ok := strings.Cut(name, "/"); ok && !seen[dir] {
			seen[dir] = true
			out = append(out, dir)
		}
	}
	return out, nil
}

func (t *tarStore) where(name string) string { return t.archive + ":" + t.root + name }
