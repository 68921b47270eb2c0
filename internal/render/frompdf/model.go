package frompdf

// The page model: what is read from a PDF, in points, with the origin at
// the top-left corner of the page (y grows downwards, as in CSS).

// Page is one page's content.
type Page struct {
	Width, Height float64
	Runs          []Run
	Boxes         []Box
	Paths         []Path
	Images        []Image
	Checkboxes    []Checkbox
	Inputs        []Input
	// Background, for a scanned page, is the page rasterized (a data:
	// URI) under its OCR text; its pictures, boxes and paths are in it.
	Background string

	tables []table
	tf     pageTransform // page space to this model's space
	// painted counts the graphics read so far: each box, path and image
	// keeps its place in the PDF's painting order (seq), so a white box
	// painted under a border does not end up over it.
	painted int
}

// nextSeq is the painting-order number of the page's next graphic.
func (p *Page) nextSeq() int {
	p.painted++
	return p.painted
}

// Run is text on one baseline in one style.
type Run struct {
	X, Baseline float64 // left edge and baseline
	W           float64 // width in the PDF
	Size        float64
	Text        string
	Font        Font
	Color       string // #rrggbb
	// WordSpacing is the space added between words (justified text).
	WordSpacing float64
	// Parts, when set, is Text split into literal text and fields.
	Parts []Part
	// Group is 1 + the index of the table whose item row holds the run
	// (0 = none).
	Group int
	// AlignRight: the run is a table cell whose column is aligned on its
	// right edge (amounts), so it is placed by that edge.
	AlignRight bool
	// Invisible is OCR text (render mode 3) kept selectable over a scan.
	Invisible bool
	// Matrix, for text that is not upright (sideways, upside down,
	// skewed), is the CSS matrix drawing it (zero = upright); X and
	// Baseline are then its first origin.
	Matrix [4]float64
}

// Part is a piece of a run's text: literal, or a field.
type Part struct {
	Text  string  // the literal text, or the field's sample value
	Field string  // Handlebars path ("" = literal)
	Blank float64 // for a blank to fill in: its width
}

// table is a line-item table whose rows repeat: one row is kept, inside
// {{#each List}}.
type table struct {
	List     string  // array name ("items")
	Top      float64 // top of the first row
	Pitch    float64 // distance between rows
	Rows     int     // rows in the PDF
	RowBoxes []Box   // rules drawn with each row
}

// Right is the run's right edge.
func (r Run) Right() float64 { return r.X + r.W }

// Font is a run's typeface, mapped to a web-safe family.
type Font struct {
	Family  string // the PDF font's family ("Liberation Serif")
	Generic string // a CSS stack of close web-safe families
	// Web is the PDF's own font embedded as a web font, ahead of Generic
	// ("" = none; see webfonts.go).
	Web    string
	Bold   bool
	Italic bool
	// metrics measures text in the Web font (nil when Web is "").
	metrics *webMetrics
}

// Box is an axis-aligned rectangle: a filled area, a frame or a rule.
type Box struct {
	X, Y, W, H  float64
	Fill        string // "" = none
	Stroke      string // "" = none
	StrokeWidth float64
	seq         int  // painting order among the page's graphics
	line        bool // a stroked line, its thickness the stroke's width
}

// Path is any other vector shape, drawn as SVG path data in page space.
type Path struct {
	D           string
	Fill        string
	Stroke      string
	StrokeWidth float64
	Dash        string // SVG stroke-dasharray ("" = solid)
	EvenOdd     bool
	seq         int // painting order among the page's graphics
}

// Image is an embedded picture as a data: URI. X, Y, W, H is the part of
// the page it shows (its box, cut by its clipping path).
type Image struct {
	X, Y, W, H float64
	URI        string
	// Drawn, when set, is how the picture lies in that part: its box is
	// clipped, or the picture is turned, flipped or skewed.
	Drawn *ImagePlacement
	// Clips are CSS path() shapes (px from X, Y) that each cut the
	// visible part further: clipping paths that are not rectangles.
	Clips []string
	seq   int // painting order among the page's graphics
}

// ImagePlacement is a picture drawn W×H with its top-left corner at X, Y
// (from the visible part's corner), then transformed about that corner
// by the CSS matrix(A, B, C, D, 0, 0).
type ImagePlacement struct {
	X, Y, W, H float64
	A, B, C, D float64
}

// Checkbox is an AcroForm check box.
type Checkbox struct {
	X, Y, W, H float64
	Name       string
	Checked    bool
	// Bare: the frame is drawn by the widget's appearance or the page
	// (a radio button), so the box draws only its mark.
	Bare bool
	// Mark is what the box shows when checked, as the widget's On
	// appearance draws it ("" = a check mark).
	Mark string
}

// Input is an AcroForm text field.
type Input struct {
	X, Y, W, H float64
	Name       string
	Value      string
	Size       float64 // font size of the value
	Align      string  // "center" or "right" (/Q); "" = left
	// Comb, when set, is the number of cells the field's width is divided
	// into, one character each (a comb field's MaxLen).
	Comb int
}
