// Package pan evaluates reprint on a PAN text-alignment corpus: it reads a
// PAN text-alignment corpus, runs reprint's own detection on every pair, and
// scores the detections with the PAN measures (Potthast et al., "An
// Evaluation Framework for Plagiarism Detection", COLING 2010).
//
// A corpus is a folder (or a .tar.gz of one) holding src/ and susp/ text
// files, a pairs file naming one suspicious and one source document a line,
// and category folders (01-no-plagiarism, 02-no-obfuscation, ...) each with
// its own pairs file and one truth XML per pair. PAN offsets and lengths
// count Unicode characters (code points); reprint's count bytes, and
// Offsets converts between the two.
package pan

import "strings"

// NoPlagiarism is the category whose pairs share no reused passage: every
// detection in it is a false positive.
const NoPlagiarism = "01-no-plagiarism"

// Pair is one suspicious document and one source document to align.
type Pair struct {
	Susp, Src string // file names in susp/ and src/
	// Category is the name of the category folder whose pairs file lists
	// the pair, "" if none does.
	Category string
}

// XMLName is the name PAN gives the pair's truth and detection files:
// suspicious-documentX-source-documentY.xml.
func (p Pair) XMLName() string {
	return strings.TrimSuffix(p.Susp, ".txt") + "-" + strings.TrimSuffix(p.Src, ".txt") + ".xml"
}

// Annotation is one reused passage, a plagiarism case or a detection: a
// passage of the suspicious document and the passage of the source document
// it was taken from. Offsets and lengths count characters (code points).
type Annotation struct {
	Susp                   string
	SuspOffset, SuspLength int
	Src                    string
	SrcOffset, SrcLength   int
}
