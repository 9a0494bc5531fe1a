package report_test

import "github.com/reprint-tool/reprint/report"

func init() { report.LargeForExp = largeResult }
