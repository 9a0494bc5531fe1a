package report

// EncodeJSON exposes encodeJSON to the black-box tests.
var EncodeJSON = encodeJSON
