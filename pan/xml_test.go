package pan_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/reprint-tool/reprint/pan"
)

func TestWriteDetections(t *testing.T) {
	p := pan.Pair{Susp: "suspicious-document00006.txt", Src: "source-document00560.txt", Category: "02-no-obfuscation"}
	tests := []struct {
		name string
		dets []pan.Annotation
		want string
	}{
		{"none", nil, `<document reference="suspicious-document00006.txt">
</document>
`},
		{"two", []pan.Annotation{
			a(p.Susp, 6573, 482, p.Src, 1150, 491),
			a(p.Susp, 7000, 10, "", 3, 4), // no source name: the pair's
		}, `<document reference="suspicious-document00006.txt">
<feature name="detected-plagiarism" this_offset="6573" this_length="482" source_reference="source-document00560.txt" source_offset="1150" source_length="491"/>
<feature name="detected-plagiarism" this_offset="7000" this_length="10" source_reference="source-document00560.txt" source_offset="3" source_length="4"/>
</document>
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := pan.WriteDetections(&buf, p, tt.dets); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("wrote\n%s\nwant\n%s", buf.String(), tt.want)
			}
		})
	}
}

func TestDetectionsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		p    pan.Pair
		dets []pan.Annotation
	}{
		{"empty", pan.Pair{Susp: "s.txt", Src: "r.txt"}, nil},
		{"several", pan.Pair{Susp: "suspicious-document00001.txt", Src: "source-document00002.txt"}, []pan.Annotation{
			a("suspicious-document00001.txt", 0, 1, "source-document00002.txt", 5, 6),
			a("suspicious-document00001.txt", 100, 2000, "source-document00002.txt", 0, 1999),
		}},
		{"names that need escaping", pan.Pair{Susp: `a&b "c" <d>.txt`, Src: `x'y&z.txt`}, []pan.Annotation{
			a(`a&b "c" <d>.txt`, 3, 4, `x'y&z.txt`, 5, 6),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := pan.WriteDetections(&buf, tt.p, tt.dets); err != nil {
				t.Fatal(err)
			}
			got, err := pan.ReadDetections(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.dets) {
				t.Errorf("read back %+v\nwant %+v", got, tt.dets)
			}
		})
	}
}

func TestReadDetections(t *testing.T) {
	tests := []struct {
		name, xml string
		want      []pan.Annotation
		err       string // substring of the error; "" for none
	}{
		{"truth file", `<document reference="suspicious-document00005.txt">
<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300" source_reference="source-document01090.txt" this_length="698" this_offset="3593" type="artificial" />
</document>`, []pan.Annotation{a("suspicious-document00005.txt", 3593, 698, "source-document01090.txt", 1300, 698)}, ""},
		{"other features skipped", `<document  reference="suspicious-document00001.txt">
	<feature  name="about" authors="DUC2006" title="news" language="en" />
	<feature  name="md5" value="ef01e3ac7317258de2bd5c201ab81404" language="en" />
</document>`, nil, ""},
		{"malformed XML", `<document reference="x.txt"><feature name="plagiarism"`, nil, "malformed XML"},
		{"not a document", `<doc reference="x.txt"></doc>`, nil, "malformed XML"},
		{"no reference", `<document></document>`, nil, "no reference"},
		{"bad number", `<document reference="x"><feature name="detected-plagiarism" this_offset="1x" this_length="2" source_reference="y" source_offset="3" source_length="4"/></document>`,
			nil, `this_offset="1x"`},
		{"negative length", `<document reference="x"><feature name="detected-plagiarism" this_offset="1" this_length="-2" source_reference="y" source_offset="3" source_length="4"/></document>`,
			nil, `this_length="-2"`},
		{"missing attribute", `<document reference="x"><feature name="detected-plagiarism" this_offset="1" this_length="2" source_reference="y" source_offset="3"/></document>`,
			nil, "no source_length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pan.ReadDetections(strings.NewReader(tt.xml))
			switch {
			case tt.err == "" && err != nil:
				t.Fatal(err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("error %v, want one containing %q", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
