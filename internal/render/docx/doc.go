// Package docx fills Word (.docx) templates written in the same
// Handlebars-style syntax as Quire's HTML templates: {{name}},
// {{customer.address.city}}, {{#each items}}…{{/each}} (with {{this}},
// {{@index}}, {{@first}}, {{@last}}, {{@key}}, {{../outer}}, {{@root.x}}),
// {{#if x}}…{{else if y}}…{{else}}…{{/if}}, {{#unless x}}…{{/unless}},
// {{#with x}}…{{/with}}, comments {{! … }} and helper calls such as
// {{formatCurrency total "EUR" digits=2}} (see ParseOptions.Helpers).
//
// The engine works on the raw bytes of the package. Parse reads the ZIP
// (bounded by Limits), finds the main part as Word does (the officeDocument
// relationship of _rels/.rels, e.g. word/document2.xml in some Office 365
// files) and the headers, footers and notes it refers to, tokenizes these
// text-bearing parts with encoding/xml only to learn byte offsets,
// merges the text of each paragraph's runs to find tags even when Word split
// them across runs, and compiles every part into a tree of literal byte
// chunks, value slots and blocks. Fill walks that tree; everything that is not
// a tag keeps its original bytes, and parts without tags are copied into the
// output ZIP still compressed, byte for byte.
//
// Block placement follows docxtemplater: a block whose opening and closing
// tags sit in different cells of one table row repeats (or removes) the row,
// and one whose tags sit in different rows repeats that group of rows;
// a block whose tags each stand alone in their own paragraph repeats the
// paragraphs between them and drops the tag paragraphs; otherwise the block
// works on the inline content between the two tags. A table whose looped
// rows all vanish is removed, and a cell emptied by a block keeps an empty
// paragraph, since Word refuses both.
//
// A tag that itself runs over consecutive paragraphs ("{{#each" Enter
// "items}}") is joined into the paragraph where it opens, each break
// becoming a space; paragraphs it covered whole go. Where that is not
// clear (a table or a drawing between the pieces, another tag opening
// first), it stays a syntax error.
package docx
