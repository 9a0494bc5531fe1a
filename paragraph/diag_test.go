//go:build diag

package paragraph_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/paragraph"
)

// DIAG_FILES: files to print; DIAG_JSONL: file of JSON strings, DIAG_N first docs.
func TestDiag(t *testing.T) {
	var docs []string
	var names []string
	for _, f := range strings.Fields(os.Getenv("DIAG_FILES")) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
		names = append(names, f)
	}
	if f := os.Getenv("DIAG_JSONL"); f != "" {
		fh, _ := os.Open(f)
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<24)
		k := 0
		for sc.Scan() {
			var s string
			json.Unmarshal(sc.Bytes(), &s)
			docs = append(docs, s)
			names = append(names, fmt.Sprint(k))
			k++
		}
	}
	sel := os.Getenv("DIAG_SEL")
	for i, d := range docs {
		if sel != "" && !strings.Contains(" "+sel+" ", " "+names[i]+" ") {
			continue
		}
		sp := paragraph.Split(d)
		fmt.Printf("##### %s: %d paragraphs\n", names[i], len(sp))
		for _, s := range sp {
			fmt.Printf("[%s]\n", d[s.Start:s.End])
		}
	}
}

func TestDiagCounts(t *testing.T) {
	f := os.Getenv("DIAG_COUNTS")
	if f == "" {
		return
	}
	fh, _ := os.Open(f)
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var s string
		json.Unmarshal(sc.Bytes(), &s)
		sp := paragraph.Split(s)
		fmt.Println(len(sp))
	}
}

func TestDiagJoined(t *testing.T) {
	f := os.Getenv("DIAG_JOINED")
	if f == "" {
		return
	}
	fh, _ := os.Open(f)
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<26)
	k, docs, paras, joined, jdocs := 0, 0, 0, 0, 0
	for sc.Scan() {
		var s string
		json.Unmarshal(sc.Bytes(), &s)
		sp := paragraph.Split(s)
		j := 0
		for _, p := range sp {
			if strings.ContainsAny(s[p.Start:p.End], "\n\r") {
				j++
				if os.Getenv("DIAG_SHOW") != "" {
					fmt.Printf("--- %d: [%s]\n", k, s[p.Start:p.End])
				}
			}
		}
		docs++
		paras += len(sp)
		joined += j
		if j > 0 {
			jdocs++
		}
		k++
	}
	fmt.Printf("docs %d paragraphs %d joined %d docs-with-joined %d\n", docs, paras, joined, jdocs)
}
