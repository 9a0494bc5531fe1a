package pan_test

import (
	"archive/tar"
	"compress/gzip"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/internal/testfiles"
	"github.com/reprint-tool/reprint/pan"
)

// writeFolder writes files (slash-separated names) below a new folder and
// returns it.
func writeFolder(t testing.TB, files map[string]string) string {
	return testfiles.Write(t, t.TempDir(), files)
}

// writeTarball writes files below the folder top of a new .tar.gz, folders
// included as the PAN archive has them, and returns its path.
func writeTarball(t testing.TB, top string, files map[string]string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "corpus.tar.gz")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	z := gzip.NewWriter(f)
	tw := tar.NewWriter(z)
	dirs := map[string]bool{}
	for _, n := range slices.Sorted(maps.Keys(files)) {
		full := top + "/" + n
		for d := filepath.Dir(full); d != "."; d = filepath.Dir(d) {
			if !dirs[d] {
				dirs[d] = true
				if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: full, Mode: 0o644, Size: int64(len(files[n]))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []interface{ Close() error }{tw, z, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return name
}

const (
	susp1 = "suspicious-document00001.txt"
	susp2 = "suspicious-document00002.txt"
	src1  = "source-document00001.txt"
	src2  = "source-document00002.txt"
)

// miniCorpus is a small hand-made corpus: three pairs, one of them in no
// category, and a suspicious document holding NUL bytes.
func miniCorpus() map[string]string {
	return map[string]string{
		"src/" + src1:   "The source text, with a passage.",
		"src/" + src2:   "Another source ünïcode text.",
		"susp/" + susp1: "Suspicious: The source text.",
		"susp/" + susp2: "NUL\x00bytes\x00stay.",
		"pairs": susp1 + " " + src1 + "\n" +
			susp2 + " " + src2 + "\r\n" +
			"\n" +
			susp1 + " " + src2 + "\n",
		"01-no-plagiarism/pairs": susp2 + " " + src2 + "\n",
		"01-no-plagiarism/suspicious-document00002-source-document00002.xml": `<document reference="suspicious-document00002.txt">
</document>
`,
		"02-no-obfuscation/pairs": susp1 + " " + src1 + "\n",
		"02-no-obfuscation/suspicious-document00001-source-document00001.xml": `<document reference="suspicious-document00001.txt">
<feature name="plagiarism" obfuscation="none" this_offset="12" this_length="15" source_reference="source-document00001.txt" source_offset="0" source_length="15"/>
</document>
`,
	}
}

// openBoth opens files as a folder and as a tarball.
func openBoth(t *testing.T, files map[string]string) (map[string]*pan.Corpus, map[string]error) {
	t.Helper()
	cs, errs := map[string]*pan.Corpus{}, map[string]error{}
	for kind, path := range map[string]string{
		"folder":  writeFolder(t, files),
		"tarball": writeTarball(t, "mini-corpus", files),
	} {
		cs[kind], errs[kind] = pan.Open(path)
	}
	return cs, errs
}

func TestOpen(t *testing.T) {
	files := miniCorpus()
	cs, errs := openBoth(t, files)
	for _, kind := range []string{"folder", "tarball"} {
		t.Run(kind, func(t *testing.T) {
			c, err := cs[kind], errs[kind]
			if err != nil {
				t.Fatal(err)
			}
			wantPairs := []pan.Pair{
				{Susp: susp1, Src: src1, Category: "02-no-obfuscation"},
				{Susp: susp2, Src: src2, Category: "01-no-plagiarism"},
				{Susp: susp1, Src: src2},
			}
			if got := c.Pairs(); !reflect.DeepEqual(got, wantPairs) {
				t.Errorf("Pairs() = %+v, want %+v", got, wantPairs)
			}
			if got, want := c.Categories(), []string{"01-no-plagiarism", "02-no-obfuscation"}; !reflect.DeepEqual(got, want) {
				t.Errorf("Categories() = %v, want %v", got, want)
			}
			for _, name := range []string{src1, src2, susp1, susp2} {
				text, err := c.Text(name)
				if err != nil {
					t.Fatal(err)
				}
				want := files["src/"+name] + files["susp/"+name]
				if text != want {
					t.Errorf("Text(%s) = %q, want %q", name, text, want)
				}
			}
			for _, bad := range []string{"", "..", "../pairs", "src/" + src1, "pairs", "source-document00009.txt"} {
				if _, err := c.Text(bad); err == nil {
					t.Errorf("Text(%q) succeeded", bad)
				}
			}
			wantTruth := [][]pan.Annotation{
				{a(susp1, 12, 15, src1, 0, 15)},
				nil, // 01: no cases
				nil, // no category
			}
			for i, p := range c.Pairs() {
				got, err := c.Truth(p)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, wantTruth[i]) {
					t.Errorf("Truth(%+v) = %+v, want %+v", p, got, wantTruth[i])
				}
			}
			// A category pair without a truth file has no cases.
			if got, err := c.Truth(pan.Pair{Susp: susp1, Src: src2, Category: "02-no-obfuscation"}); err != nil || got != nil {
				t.Errorf("Truth of a pair without truth file = %v, %v", got, err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	xmlName := "02-no-obfuscation/suspicious-document00001-source-document00001.xml"
	tests := []struct {
		name   string
		change func(files map[string]string)
		// want are substrings of the error of Open, or of Truth when truth
		// is set.
		want  []string
		truth bool
	}{
		{"missing pairs file", func(f map[string]string) {
			delete(f, "pairs")
		}, []string{"pairs"}, false},
		{"malformed pairs line", func(f map[string]string) {
			f["pairs"] = susp1 + " " + src1 + "\n" + susp2 + "\n"
		}, []string{"pairs:2", "want two file names"}, false},
		{"too many names", func(f map[string]string) {
			f["pairs"] = susp1 + " " + src1 + " " + src2 + "\n"
		}, []string{"pairs:1"}, false},
		{"malformed category pairs line", func(f map[string]string) {
			f["02-no-obfuscation/pairs"] = "\n\nnonsense\n"
		}, []string{"02-no-obfuscation", "pairs:3"}, false},
		{"missing document", func(f map[string]string) {
			f["pairs"] += "suspicious-document00009.txt " + src1 + "\n"
		}, []string{"pairs:5", "susp", "suspicious-document00009.txt"}, false},
		{"document in the wrong folder", func(f map[string]string) {
			f["pairs"] = src1 + " " + susp1 + "\n"
		}, []string{"pairs:1", "susp", src1}, false},
		{"repeated pair", func(f map[string]string) {
			f["pairs"] += susp1 + " " + src1 + "\n"
		}, []string{"pairs:5", "repeats line 1"}, false},
		{"pair in two categories", func(f map[string]string) {
			f["03-random-obfuscation/pairs"] = susp1 + " " + src1 + "\n"
		}, []string{"03-random-obfuscation", "pairs:1", "02-no-obfuscation"}, false},
		{"malformed XML", func(f map[string]string) {
			f[xmlName] = `<document reference="suspicious-document00001.txt"><feature name="plagiarism" this_offset="1"`
		}, []string{xmlName, "malformed XML"}, true},
		{"bad offset in XML", func(f map[string]string) {
			f[xmlName] = strings.Replace(f[xmlName], `this_offset="12"`, `this_offset="twelve"`, 1)
		}, []string{xmlName, "this_offset"}, true},
	}
	for _, tt := range tests {
		files := miniCorpus()
		tt.change(files)
		cs, errs := openBoth(t, files)
		for _, kind := range []string{"folder", "tarball"} {
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				err := errs[kind]
				if tt.truth {
					if err != nil {
						t.Fatal(err)
					}
					_, err = cs[kind].Truth(cs[kind].Pairs()[0])
				}
				if err == nil {
					t.Fatal("no error")
				}
				for _, w := range tt.want {
					if !strings.Contains(filepath.ToSlash(err.Error()), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
				if kind == "tarball" && !strings.Contains(err.Error(), "corpus.tar.gz") {
					t.Errorf("error %q does not name the tarball", err)
				}
			})
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(plain, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.tar.gz")
	if err := os.WriteFile(broken, []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "absent"), plain, broken} {
		if _, err := pan.Open(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("Open(%s) error = %v, want one naming the path", p, err)
		}
	}
}

func TestTarballWithTwoCorpora(t *testing.T) {
	files := map[string]string{}
	for n, d := range miniCorpus() {
		files["a/"+n] = d
		files["b/"+n] = d
	}
	if _, err := pan.Open(writeTarball(t, "top", files)); err == nil || !strings.Contains(err.Error(), "more than one corpus") {
		t.Errorf("error %v, want one about two corpora", err)
	}
}

// Half splits the pairs file's pairs into its odd- and even-numbered lines,
// keeping everything else of the corpus.
func TestHalf(t *testing.T) {
	cs, errs := openBoth(t, miniCorpus())
	c, err := cs["folder"], errs["folder"]
	if err != nil {
		t.Fatal(err)
	}
	all := c.Pairs()
	odd, even := c.Half(true), c.Half(false)
	if got, want := odd.Pairs(), []pan.Pair{all[0], all[2]}; !reflect.DeepEqual(got, want) {
		t.Errorf("odd half = %+v, want %+v", got, want)
	}
	if got, want := even.Pairs(), []pan.Pair{all[1]}; !reflect.DeepEqual(got, want) {
		t.Errorf("even half = %+v, want %+v", got, want)
	}
	if text, err := even.Text(src1); err != nil || text != miniCorpus()["src/"+src1] {
		t.Errorf("a half lost the corpus's texts: %q, %v", text, err)
	}
	if !reflect.DeepEqual(odd.Categories(), c.Categories()) {
		t.Errorf("a half lost the categories: %v", odd.Categories())
	}
}
