package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/reprint-tool/reprint"
)

// csvHeader names the CSV columns. Each row after it is one match, in
// Result order; text is the copy passage's exact bytes (encoding/csv quotes
// it as needed, and writes its line breaks unchanged). When matches carry
// explanations, the columns of csvExplainHeader follow.
var csvHeader = []string{
	"group", "kind", "dated", "jaccard", "containment", "words",
	"origin_doc", "origin_start", "origin_end",
	"copy_doc", "copy_start", "copy_end", "text",
}

func writeCSV(w io.Writer, r *reprint.Result) error {
	cw := csv.NewWriter(w)
	header := csvHeader
	explain := hasExplain(r)
	if explain {
		header = append(slices.Clip(csvHeader), csvExplainHeader...)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("report: writing CSV: %w", err)
	}
	row := make([]string, len(header))
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
		if explain {
			csvExplain(row[len(csvHeader):], m.Explain)
		}
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
