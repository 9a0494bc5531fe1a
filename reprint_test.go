package reprint_test

import (
	"testing"

	"github.com/reprint-tool/reprint"
)

func TestKindReuse(t *testing.T) {
	for _, tt := range []struct {
		k    reprint.Kind
		want bool
	}{
		{reprint.Syndicated, true},
		{reprint.Quote, true},
		{reprint.Phrase, false},
		{reprint.Boilerplate, false},
		{reprint.Internal, false},
		{"", false},
	} {
		if got := tt.k.Reuse(); got != tt.want {
			t.Errorf("%q.Reuse() = %v, want %v", tt.k, got, tt.want)
		}
	}
}
