#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangofc-font.h>
#include <fontconfig/fontconfig.h>

/// The file a font Pango chose was loaded from, or NULL when it is not a fontconfig font.
/// (PANGO_IS_FC_FONT and PANGO_FC_FONT are macros Swift cannot call.)
static inline const char *cpd_font_file(PangoFont *font) {
    if (font == NULL || !PANGO_IS_FC_FONT(font)) return NULL;
    FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *file = NULL;
    if (pattern == NULL || FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch) return NULL;
    return (const char *)file;
}

/// Gives a cairo font map its own fontconfig configuration (the map keeps a reference).
static inline void cpd_font_map_set_config(PangoFontMap *map, FcConfig *config) {
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
}

/// The configuration a font map lists its fonts from: its own, else fontconfig's current one.
static inline FcConfig *cpd_font_map_config(PangoFontMap *map) {
    FcConfig *config = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map));
    return config != NULL ? config : FcConfigGetCurrent();
}
