package frompdf

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// cffStandardStrings are the CFF's 391 predefined string ids (the CFF
// specification's Appendix A): glyph names, then a few style names.
var cffStandardStrings = strings.Fields(".notdef " + asciiGlyphNames + `
exclamdown cent sterling fraction yen florin section currency quotesingle
quotedblleft guillemotleft guilsinglleft guilsinglright fi fl endash dagger
daggerdbl periodcentered paragraph bullet quotesinglbase quotedblbase
quotedblright guillemotright ellipsis perthousand questiondown grave acute
circumflex tilde macron breve dotaccent dieresis ring cedilla hungarumlaut
ogonek caron emdash AE ordfeminine Lslash Oslash OE ordmasculine ae dotlessi
lslash oslash oe germandbls onesuperior logicalnot mu trademark Eth onehalf
plusminus Thorn onequarter divide brokenbar degree thorn threequarters
twosuperior registered minus eth multiply threesuperior copyright Aacute
Acircumflex Adieresis Agrave Aring Atilde Ccedilla Eacute Ecircumflex
Edieresis Egrave Iacute Icircumflex Idieresis Igrave Ntilde Oacute
Ocircumflex Odieresis Ograve Otilde Scaron Uacute Ucircumflex Udieresis
Ugrave Yacute Ydieresis Zcaron aacute acircumflex adieresis agrave aring
atilde ccedilla eacute ecircumflex edieresis egrave iacute icircumflex
idieresis igrave ntilde oacute ocircumflex odieresis ograve otilde scaron
uacute ucircumflex udieresis ugrave yacute ydieresis zcaron
exclamsmall Hungarumlautsmall dollaroldstyle dollarsuperior ampersandsmall
Acutesmall parenleftsuperior parenrightsuperior twodotenleader onedotenleader
zerooldstyle oneoldstyle twooldstyle threeoldstyle fouroldstyle fiveoldstyle
sixoldstyle sevenoldstyle eightoldstyle nineoldstyle commasuperior
threequartersemdash periodsuperior questionsmall asuperior bsuperior
centsuperior dsuperior esuperior isuperior lsuperior msuperior nsuperior
osuperior rsuperior ssuperior tsuperior ff ffi ffl parenleftinferior
parenrightinferior Circumflexsmall hyphensuperior Gravesmall ` + smallCapNames + `
colonmonetary onefitted rupiah Tildesmall exclamdownsmall centoldstyle
Lslashsmall Scaronsmall Zcaronsmall Dieresissmall Brevesmall Caronsmall
Dotaccentsmall Macronsmall figuredash hypheninferior Ogoneksmall Ringsmall
Cedillasmall questiondownsmall oneeighth threeeighths fiveeighths
seveneighths onethird twothirds zerosuperior foursuperior fivesuperior
sixsuperior sevensuperior eightsuperior ninesuperior zeroinferior
oneinferior twoinferior threeinferior fourinferior fiveinferior sixinferior
seveninferior eightinferior nineinferior centinferior dollarinferior
periodinferior commainferior Agravesmall Aacutesmall Acircumflexsmall
Atildesmall Adieresissmall Aringsmall AEsmall Ccedillasmall Egravesmall
Eacutesmall Ecircumflexsmall Edieresissmall Igravesmall Iacutesmall
Icircumflexsmall Idieresissmall Ethsmall Ntildesmall Ogravesmall Oacutesmall
Ocircumflexsmall Otildesmall Odieresissmall OEsmall Oslashsmall Ugravesmall
Uacutesmall Ucircumflexsmall Udieresissmall Yacutesmall Thornsmall
Ydieresissmall 001.000 001.001 001.002 001.003 Black Bold Book Light Medium
Regular Roman Semibold`)

// asciiGlyphNames name the printable ASCII characters, space to tilde
// (string ids 1 to 95).
const asciiGlyphNames = `space exclam quotedbl numbersign dollar percent
ampersand quoteright parenleft parenright asterisk plus comma hyphen period
slash zero one two three four five six seven eight nine colon semicolon less
equal greater question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
bracketleft backslash bracketright asciicircum underscore quoteleft a b c d e
f g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde`

const smallCapNames = `Asmall Bsmall Csmall Dsmall Esmall Fsmall Gsmall
Hsmall Ismall Jsmall Ksmall Lsmall Msmall Nsmall Osmall Psmall Qsmall Rsmall
Ssmall Tsmall Usmall Vsmall Wsmall Xsmall Ysmall Zsmall`

// glyphNameRunes are the characters of the Adobe glyph names PDFs' Latin
// fonts use beyond ASCII (the names of ASCII are asciiGlyphNames, where
// quoteright and quoteleft are the typographic quotes).
var glyphNameRunes = map[string]rune{
	"exclamdown": '¡', "cent": '¢', "sterling": '£', "fraction": '⁄', "yen": '¥', "florin": 'ƒ',
	"section": '§', "currency": '¤', "quotesingle": '\'', "quotedblleft": '“', "guillemotleft": '«',
	"guilsinglleft": '‹', "guilsinglright": '›', "fi": 'ﬁ', "fl": 'ﬂ', "endash": '–', "dagger": '†',
	"daggerdbl": '‡', "periodcentered": '·', "paragraph": '¶', "bullet": '•', "quotesinglbase": '‚',
	"quotedblbase": '„', "quotedblright": '”', "guillemotright": '»', "ellipsis": '…', "perthousand": '‰',
	"questiondown": '¿', "grave": '`', "acute": '´', "circumflex": 'ˆ', "tilde": '˜', "macron": '¯',
	"breve": '˘', "dotaccent": '˙', "dieresis": '¨', "ring": '˚', "cedilla": '¸', "hungarumlaut": '˝',
	"ogonek": '˛', "caron": 'ˇ', "emdash": '—', "AE": 'Æ', "ordfeminine": 'ª', "Lslash": 'Ł',
	"Oslash": 'Ø', "OE": 'Œ', "ordmasculine": 'º', "ae": 'æ', "dotlessi": 'ı', "lslash": 'ł',
	"oslash": 'ø', "oe": 'œ', "germandbls": 'ß', "onesuperior": '¹', "logicalnot": '¬', "mu": 'µ',
	"trademark": '™', "Eth": 'Ð', "onehalf": '½', "plusminus": '±', "Thorn": 'Þ', "onequarter": '¼',
	"divide": '÷', "brokenbar": '¦', "degree": '°', "thorn": 'þ', "threequarters": '¾',
	"twosuperior": '²', "registered": '®', "minus": '−', "eth": 'ð', "multiply": '×',
	"threesuperior": '³', "copyright": '©', "Aacute": 'Á', "Acircumflex": 'Â', "Adieresis": 'Ä',
	"Agrave": 'À', "Aring": 'Å', "Atilde": 'Ã', "Ccedilla": 'Ç', "Eacute": 'É', "Ecircumflex": 'Ê',
	"Edieresis": 'Ë', "Egrave": 'È', "Iacute": 'Í', "Icircumflex": 'Î', "Idieresis": 'Ï',
	"Igrave": 'Ì', "Ntilde": 'Ñ', "Oacute": 'Ó', "Ocircumflex": 'Ô', "Odieresis": 'Ö', "Ograve": 'Ò',
	"Otilde": 'Õ', "Scaron": 'Š', "Uacute": 'Ú', "Ucircumflex": 'Û', "Udieresis": 'Ü', "Ugrave": 'Ù',
	"Yacute": 'Ý', "Ydieresis": 'Ÿ', "Zcaron": 'Ž', "aacute": 'á', "acircumflex": 'â',
	"adieresis": 'ä', "agrave": 'à', "aring": 'å', "atilde": 'ã', "ccedilla": 'ç', "eacute": 'é',
	"ecircumflex": 'ê', "edieresis": 'ë', "egrave": 'è', "iacute": 'í', "icircumflex": 'î',
	"idieresis": 'ï', "igrave": 'ì', "ntilde": 'ñ', "oacute": 'ó', "ocircumflex": 'ô',
	"odieresis": 'ö', "ograve": 'ò', "otilde": 'õ', "scaron": 'š', "uacute": 'ú', "ucircumflex": 'û',
	"udieresis": 'ü', "ugrave": 'ù', "yacute": 'ý', "ydieresis": 'ÿ', "zcaron": 'ž',
	"quoteright": '’', "quoteleft": '‘', "ff": 'ﬀ', "ffi": 'ﬃ', "ffl": 'ﬄ', "Euro": '€', "nbspace": '\u00a0', "nonbreakingspace": '\u00a0',
	"sfthyphen": '\u00ad', "softhyphen": '\u00ad', "dotlessj": 'ȷ', "commaaccent": '\uf6c3',
	"checkmark": '✓', "arrowright": '→', "arrowleft": '←', "notequal": '≠', "lessequal": '≤',
	"greaterequal": '≥', "infinity": '∞', "approxequal": '≈', "Delta": '∆', "Omega": 'Ω', "pi": 'π',
	"summation": '∑', "product": '∏', "radical": '√', "partialdiff": '∂', "integral": '∫',
	"lozenge": '◊', "estimated": '℮', "numero": '№', "afii61352": '№',
}

// glyphNameRune is the character glyph name names: an Adobe name, a
// uniXXXX or uXXXX[XX] one, or either with a variant suffix (zero.tf).
func glyphNameRune(name string) (rune, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if i := strings.IndexByte(name, '_'); i > 0 {
		return 0, false // a ligature of several characters
	}
	if r, ok := glyphNameRunes[name]; ok {
		return r, true
	}
	for i, n := range asciiNames() {
		if n == name {
			return rune(0x20 + i), true
		}
	}
	hex := ""
	switch {
	case strings.HasPrefix(name, "uni") && len(name) == 7:
		hex = name[3:]
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = name[1:]
	default:
		return 0, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) || strings.ToUpper(hex) != hex {
		return 0, false
	}
	return rune(v), true
}

func asciiNames() []string { return cffStandardStrings[1:96] }
