package oldreport

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/reprint-tool/reprint"
)

// csvHeader names the CSV columns. Each row after it is one match, in
// Result order; text is the copy passage's exact bytes (encoding/csv quotes
// it as needed, and writes its line breaks unchanged).
var csvHeader = []string{
	"group", "kind", "dated", "jaccard", "containment", "words",
	"origin_doc", "origin_start", "origin_end",
	"copy_doc", "copy_start", "copy_end", "text",
}

func writeCSV(w io.Writer, r *reprint.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("report: writing CSV: %w", err)
	}
	row := make([]string, len(csvHeader))
	for _, m := range r.Matches {
		cp := &r.Documents[m.Copy.Doc]
		row[0] = strconv.Itoa(m.Group)
		row[1] = string(m.Kind)
		row[2] = strconv.FormatBool(m.Dated)
		row[3] = formatFloat(m.Jaccard)
		row[4] = formatFloat(m.Containment)
		row[5] = strconv.Itoa(m.Words)
		row[6] = r.Documents[m.Origin.Doc].ID
		row[7] = strconv.Itoa(m.Origin.Span.Start)
		row[8] = strconv.Itoa(m.Origin.Span.End)
		row[9] = cp.ID
		row[10] = strconv.Itoa(m.Copy.Span.Start)
		row[11] = strconv.Itoa(m.Copy.Span.End)
		row[12] = cp.Text[m.Copy.Span.Start:m.Copy.Span.End]
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("report: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: writing CSV: %w", err)
	}
	return nil
}

// formatFloat writes x rounded to 4 decimals, in its shortest form.
func formatFloat(x float64) string {
	return strconv.FormatFloat(round4(x), 'f', -1, 64)
}
