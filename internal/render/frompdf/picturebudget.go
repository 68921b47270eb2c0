package frompdf

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/draw"
	_ "image/jpeg" // decodes the pictures' JPEG data: URIs
	"image/png"
	"math"
	"strings"
)

// maxPictureBytes bounds the data: URIs of a document's pictures, so that
// with its web fonts (at most 900 KiB) it stays under the default
// template size (QUIRE_MAX_TEMPLATE_BYTES, 2 MiB).
const maxPictureBytes = 900 << 10

// pictureDPIs are tried in turn, for the pictures drawn at a higher
// resolution, until the document's pictures fit maxPictureBytes.
var pictureDPIs = []int{150, 110, 80, 60}

// fitPictures lowers the resolution of the pictures of d, as printed on
// the page, until their data: URIs fit maxPictureBytes. A picture is only
// ever made smaller; pictures already at or under a resolution keep their
// bytes. Only one picture is decoded at a time; after the first pass each
// keeps its 150 dpi pixels (at most its printed area's), the source of
// the later passes.
func fitPictures(d *document) {
	var all []*Image
	for _, pg := range d.Pages {
		for i := range pg.Images {
			all = append(all, &pg.Images[i])
		}
	}
	if pictureBytes(all) <= maxPictureBytes {
		return
	}
	originals := make([]string, len(all))
	for i, img := range all {
		originals[i] = img.URI
	}
	sources := make([]image.Image, len(all))
	for pass, dpi := range pictureDPIs {
		for i, img := range all {
			img.URI = originals[i]
			src := sources[i]
			if pass == 0 {
				src = decodeURI(img.URI)
			}
			if src == nil {
				continue
			}
			w, h := img.W, img.H
			if img.Drawn != nil {
				w, h = img.Drawn.W, img.Drawn.H
			}
			tw, th := int(math.Ceil(w*float64(dpi)/72)), int(math.Ceil(h*float64(dpi)/72))
			b := src.Bounds()
			if tw < b.Dx() || th < b.Dy() {
				src = shrink(src, max(1, min(tw, b.Dx())), max(1, min(th, b.Dy())))
				if uri := smallerURI(src); uri != "" && len(uri) < len(img.URI) {
					img.URI = uri
				}
			}
			sources[i] = src
		}
		if pictureBytes(all) <= maxPictureBytes {
			return
		}
	}
}

func pictureBytes(all []*Image) int {
	n := 0
	for _, img := range all {
		n += len(img.URI)
	}
	return n
}

// decodeURI decodes a JPEG or PNG data: URI.
func decodeURI(uri string) image.Image {
	_, data, ok := strings.Cut(uri, ";base64,")
	if !ok {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(raw)); err != nil || cfg.Width*cfg.Height > maxImagePixels {
		return nil
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	return img
}

// smallerURI encodes img as the smaller of JPEG and PNG, or as PNG when it
// is transparent somewhere.
func smallerURI(img image.Image) string {
	if !opaque(img) {
		var buf bytes.Buffer
		if (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img) != nil {
			return ""
		}
		return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	}
	data, mime := encodeSmaller(img)
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// shrink scales img down to w×h pixels, each the mean of the source
// pixels it covers.
func shrink(img image.Image, w, h int) *image.NRGBA {
	b := img.Bounds()
	src := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Rect, img, b.Min, draw.Src)
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := y*b.Dy()/h, max((y+1)*b.Dy()/h, y*b.Dy()/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*b.Dx()/w, max((x+1)*b.Dx()/w, x*b.Dx()/w+1)
			var sum [4]int
			for sy := y0; sy < y1; sy++ {
				row := src.Pix[sy*src.Stride:]
				for sx := x0; sx < x1; sx++ {
					px := row[sx*4:]
					a := int(px[3])
					// Colours weighted by their alpha, so transparent
					// pixels do not darken the edges.
					sum[0] += int(px[0]) * a
					sum[1] += int(px[1]) * a
					sum[2] += int(px[2]) * a
					sum[3] += a
				}
			}
			n := (y1 - y0) * (x1 - x0)
			i := y*dst.Stride + x*4
			if sum[3] > 0 {
				dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2] = uint8(sum[0]/sum[3]), uint8(sum[1]/sum[3]), uint8(sum[2]/sum[3])
			}
			dst.Pix[i+3] = uint8(sum[3] / n)
		}
	}
	return dst
}
