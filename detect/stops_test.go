package detect_test

import (
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/detect"
	"github.com/reprint-tool/reprint/shingle"
)

func TestSentenceStops(t *testing.T) {
	text := `The largest buyer of U.S. Farm products. Chairman J. Hugh Liedtke said 201.66 pct. "I think" Mr. Smith said. it was Corp. Inc. done! Then`
	tokens := shingle.NewTokenizer().Append(nil, text)
	starts, ends := make([]int32, len(tokens)), make([]int32, len(tokens))
	for k, tk := range tokens {
		starts[k], ends[k] = tk.Start, tk.End
	}
	var got []string
	for k, stop := range detect.SentenceStops(text, starts, ends) {
		if stop {
			got = append(got, text[starts[k]:ends[k]])
		}
	}
	// Not before Farm (U.S.), Hugh (J.), 66 (a decimal point), Smith (Mr.),
	// it (lower case), Inc (Corp.) or done (Inc.).
	if want := "Chairman I Then"; strings.Join(got, " ") != want {
		t.Errorf("sentences start at %q, want %q", strings.Join(got, " "), want)
	}
}
