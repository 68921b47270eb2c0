package frompdf

import "math"

// dropOutside removes what lies wholly outside the visible page (the
// crop box): a reader does not show it, and text placed there would make
// Chromium shrink the printed page to fit it.
func dropOutside(page *Page) {
	visible := func(x, y, w, h float64) bool {
		return x+w > 0 && y+h > 0 && x < page.Width && y < page.Height
	}
	runs := page.Runs[:0]
	for _, r := range page.Runs {
		x, y, w, h := r.X, r.Baseline-r.Size, r.W, r.Size
		if r.Turned() {
			// A sideways run's extent around its origin, whatever its direction.
			x, y, w, h = r.X-r.W, r.Baseline-r.W, 2*r.W, 2*r.W
		}
		if visible(x, y, math.Max(w, 0.1), h) {
			runs = append(runs, r)
		}
	}
	page.Runs = runs
	images := page.Images[:0]
	for _, img := range page.Images {
		if visible(img.X, img.Y, img.W, img.H) {
			images = append(images, img)
		}
	}
	page.Images = images
	boxes := page.Boxes[:0]
	for _, b := range page.Boxes {
		if visible(b.X, b.Y, math.Max(b.W, 0.1), math.Max(b.H, 0.1)) {
			boxes = append(boxes, b)
		}
	}
	page.Boxes = boxes
}

// inside reports whether a model-space point lies on the displayed page
// (with a point of tolerance).
func (t pageTransform) inside(x, y float64) bool {
	w, h := t.w, t.h
	if t.rot%2 == 1 {
		w, h = h, w
	}
	return x > -1 && y > -1 && x < w+1 && y < h+1
}
