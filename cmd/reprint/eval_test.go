package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/internal/testfiles"
)

// panCorpus writes a PAN corpus of one verbatim pair and returns its folder
// and the pair's character offsets and length (susp, src, length).
func panCorpus(t *testing.T) (dir, suspOff, srcOff, n string) {
	t.Helper()
	copied := "The committee agreed that the new bridge over the river would open to traffic before the end of the summer season."
	srcPre, suspPre := "Unrelated opening words about weather and markets. ", "Another story starts here with café news. "
	src := srcPre + copied + " Closing words."
	susp := suspPre + copied + " And it ends."
	n = strconv.Itoa(len([]rune(copied)))
	suspOff, srcOff = strconv.Itoa(len([]rune(suspPre))), strconv.Itoa(len([]rune(srcPre)))
	dir = t.TempDir()
	testfiles.Write(t, dir, map[string]string{
		"src/source-document00001.txt":      src,
		"susp/suspicious-document00001.txt": susp,
		"pairs":                             "suspicious-document00001.txt source-document00001.txt\n",
		"02-no-obfuscation/pairs":           "suspicious-document00001.txt source-document00001.txt\n",
		"02-no-obfuscation/suspicious-document00001-source-document00001.xml": `<document reference="suspicious-document00001.txt">
<feature name="plagiarism" obfuscation="none" this_offset="` + suspOff + `" this_length="` + n + `" source_reference="source-document00001.txt" source_offset="` + srcOff + `" source_length="` + n + `"/>
</document>`,
	})
	return dir, suspOff, srcOff, n
}

func TestEvalPAN(t *testing.T) {
	dir, suspOff, srcOff, n := panCorpus(t)
	out := filepath.Join(t.TempDir(), "det")
	code, stdout, stderr := cli(t, "", "eval", "pan", "--out", out, dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var overall string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "overall") {
			overall = l
		}
	}
	if f := strings.Fields(overall); len(f) != 8 || f[7] != "1.000" {
		t.Errorf("overall row %q: want PlagDet 1.000 for an exact copy found exactly", overall)
	}
	xml, err := os.ReadFile(filepath.Join(out, "suspicious-document00001-source-document00001.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// Offsets are in characters: "café" is 4 characters but 5 bytes.
	if suspOff != "42" || srcOff != "51" || n != "114" {
		t.Fatalf("fixture offsets %s, %s, %s; the test expects 42, 51, 114", suspOff, srcOff, n)
	}
	if !strings.Contains(string(xml), `this_offset="42"`) || !strings.Contains(string(xml), `source_offset="51"`) ||
		!strings.Contains(string(xml), `this_length="114"`) {
		t.Errorf("detection XML has wrong offsets:\n%s", xml)
	}
}

func TestEvalUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"eval"}, exitUsage, "eval pan"},
		{[]string{"eval", "trec", "x"}, exitUsage, "eval pan"},
		{[]string{"eval", "pan"}, exitUsage, "exactly one CORPUS"},
		{[]string{"eval", "pan", filepath.Join(t.TempDir(), "absent")}, exitUsage, "absent"},
	}
	for _, tt := range tests {
		code, _, stderr := cli(t, "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
	}
}

// A detection file that cannot be written fails the run with its name, and
// leaves no temporary file behind.
func TestEvalOutError(t *testing.T) {
	dir, _, _, _ := panCorpus(t)
	out := t.TempDir()
	name := "suspicious-document00001-source-document00001.xml"
	if err := os.Mkdir(filepath.Join(out, name), 0o755); err != nil { // a folder where the file goes
		t.Fatal(err)
	}
	code, _, stderr := cli(t, "", "eval", "pan", "--out", out, dir)
	if code == exitOK || !strings.Contains(stderr, name) {
		t.Errorf("exit %d, stderr %q: want a failure naming %s", code, stderr, name)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("out holds %d entries, want only the folder: %v", len(entries), entries)
	}
}
