// Cairo draws the pages (PDF), Pango lays out and shapes the text, in any script.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <pango/pangocairo.h>
