package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/internal/testfiles"
)

func TestEvalPAN(t *testing.T) {
	copied := "The committee agreed that the new bridge over the river would open to traffic before the end of the summer season."
	srcPre, suspPre := "Unrelated opening words about weather and markets. ", "Another story starts here with café news. "
	src := srcPre + copied + " Closing words."
	susp := suspPre + copied + " And it ends."
	n := strconv.Itoa(len([]rune(copied)))
	suspOff, srcOff := strconv.Itoa(len([]rune(suspPre))), strconv.Itoa(len([]rune(srcPre)))
	dir := t.TempDir()
	testfiles.Write(t, dir, map[string]string{
		"src/source-document00001.txt":      src,
		"susp/suspicious-document00001.txt": susp,
		"pairs":                             "suspicious-document00001.txt source-document00001.txt\n",
		"02-no-obfuscation/pairs":           "suspicious-document00001.txt source-document00001.txt\n",
		"02-no-obfuscation/suspicious-document00001-source-document00001.xml": `<document reference="suspicious-document00001.txt">
<feature name="plagiarism" obfuscation="none" this_offset="` + suspOff + `" this_length="` + n + `" source_reference="source-document00001.txt" source_offset="` + srcOff + `" source_length="` + n + `"/>
</document>`,
	})
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
