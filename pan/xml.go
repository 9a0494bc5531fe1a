package pan

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDetections writes one pair's detections as a PAN detection file: a
// <document reference="..."> naming the suspicious document, holding one
// <feature name="detected-plagiarism" .../> per detection in the order
// given. A detection without a source name takes the pair's.
func WriteDetections(w io.Writer, p Pair, dets []Annotation) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<document reference="`)
	attr(bw, p.Susp)
	bw.WriteString("\">\n")
	for _, d := range dets {
		src := d.Src
		if src == "" {
			src = p.Src
		}
		fmt.Fprintf(bw, `<feature name="detected-plagiarism" this_offset="%d" this_length="%d" source_reference="`,
			d.SuspOffset, d.SuspLength)
		attr(bw, src)
		fmt.Fprintf(bw, `" source_offset="%d" source_length="%d"/>`+"\n", d.SrcOffset, d.SrcLength)
	}
	bw.WriteString("</document>\n")
	return bw.Flush()
}

// attr writes s escaped for a double-quoted XML attribute.
func attr(w *bufio.Writer, s string) {
	xml.EscapeText(w, []byte(s)) // never fails on a bufio.Writer; Flush reports
}

// ReadDetections reads a PAN annotation file, such as WriteDetections writes
// or a corpus's truth files hold: the features whose name ends in
// "plagiarism" ("detected-plagiarism" and "plagiarism", as the official
// script matches them). Susp is the document's reference.
func ReadDetections(r io.Reader) ([]Annotation, error) {
	return readAnnotations(r, func(name string) bool { return strings.HasSuffix(name, "plagiarism") })
}

type xmlDocument struct {
	XMLName   xml.Name     `xml:"document"`
	Reference *string      `xml:"reference,attr"`
	Features  []xmlFeature `xml:"feature"`
}

type xmlFeature struct {
	Name            string  `xml:"name,attr"`
	ThisOffset      *string `xml:"this_offset,attr"`
	ThisLength      *string `xml:"this_length,attr"`
	SourceReference *string `xml:"source_reference,attr"`
	SourceOffset    *string `xml:"source_offset,attr"`
	SourceLength    *string `xml:"source_length,attr"`
}

// readAnnotations reads the features of a PAN XML document whose name keep
// accepts. They must carry all six offset attributes.
func readAnnotations(r io.Reader, keep func(name string) bool) ([]Annotation, error) {
	var doc xmlDocument
	if err := xml.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("malformed XML: %w", err)
	}
	if doc.Reference == nil {
		return nil, fmt.Errorf("<document> has no reference attribute")
	}
	var out []Annotation
	for i, f := range doc.Features {
		if !keep(f.Name) {
			continue
		}
		a := Annotation{Susp: *doc.Reference}
		if f.SourceReference == nil {
			return nil, fmt.Errorf("feature %d (%s): no source_reference", i+1, f.Name)
		}
		a.Src = *f.SourceReference
		for _, v := range [...]struct {
			name string
			s    *string
			dst  *int
		}{
			{"this_offset", f.ThisOffset, &a.SuspOffset},
			{"this_length", f.ThisLength, &a.SuspLength},
			{"source_offset", f.SourceOffset, &a.SrcOffset},
			{"source_length", f.SourceLength, &a.SrcLength},
		} {
			if v.s == nil {
				return nil, fmt.Errorf("feature %d (%s): no %s", i+1, f.Name, v.name)
			}
			n, err := strconv.Atoi(strings.TrimSpace(*v.s))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("feature %d (%s): %s=%q is not a character count", i+1, f.Name, v.name, *v.s)
			}
			*v.dst = n
		}
		out = append(out, a)
	}
	return out, nil
}
