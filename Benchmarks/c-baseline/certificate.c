/*
 * The C baseline for cpdcert's batch benchmark: draws the same certificate as
 * Templates/classic.yaml with the same Cairo, Pango, librsvg and libqrencode calls, one PDF per
 * attendee, with none of cpdcert's bookkeeping (no registry, no hashing, no fsync).
 *
 *   certificate OUT_DIR COUNT [PROCESSES]
 *
 * PROCESSES workers are forked before Pango or fontconfig is touched (forking after that
 * deadlocks the child); each renders every PROCESSES-th certificate.
 */
#include <cairo.h>
#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MM(v) ((v) * 72.0 / 25.4)
#define SERIF "Noto Serif, Noto Serif CJK SC, Noto Naskh Arabic, Noto Serif Devanagari, Noto Serif Hebrew"
#define SANS "Noto Sans, Noto Sans CJK SC, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans Hebrew"

static const char *NAMES[] = {"Siân Llywelyn", "Aoife Ní Bhriain", "Małgorzata Wiśniewska", "Nguyễn Thị Hằng",
                              "Adébáyọ̀ Ọlátúnjí", "فاطمة الزهراء", "王秀英", "Dafydd ap Gruffudd"};
static const char *OUTCOMES[] = {
    "Describe the current scale of county lines and how gangs adapted their methods during the COVID-19 crisis",
    "Apply early intervention strategies that stop young people becoming hidden casualties of the pandemic",
    "Safeguard those most at risk of being targeted, including children in care, those at risk of exclusion and pupils in alternative provision or Pupil Referral Units",
    "Recognise how adverse childhood experiences (ACEs) raise vulnerability and respond in a trauma-informed way",
    "Use data to identify children and young people who went missing from education and services during lockdown",
    "Apply contextual safeguarding and community-based approaches to protect children outside the home",
    "Deliver culturally competent services that steer children and young people away from exploitation",
    "Explain the role of Violence Reduction Units and Partnerships in inter-agency public health approaches",
    "Improve coordination and intelligence sharing between police forces, health, education and local authorities",
    "Use the Modern Slavery Act 2015 and the National Referral Mechanism to protect young people and disrupt county lines"};

typedef struct { cairo_t *cr; PangoContext *pango; } Ctx;
typedef struct { GString *bytes; } Sink;

static cairo_status_t write_sink(void *closure, const unsigned char *data, unsigned int length) {
    g_string_append_len(((Sink *)closure)->bytes, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

static void colour(cairo_t *cr, unsigned rgb) {
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

static PangoLayout *layout(Ctx *c, const char *text, const char *family, double size, int weight, int italic,
                           double width, PangoAlignment align) {
    PangoLayout *l = pango_layout_new(c->pango);
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, family);
    pango_font_description_set_weight(d, weight);
    pango_font_description_set_style(d, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Text in a box (mm), vertically centred, shrinking until it fits max_lines and the height. */
static void text(Ctx *c, const char *s, double x, double y, double w, double h, const char *family, double size,
                 double min_size, int weight, int italic, unsigned rgb, PangoAlignment align, int max_lines,
                 const char *link) {
    PangoLayout *l = NULL;
    int lw, lh;
    for (;;) {
        l = layout(c, s, family, size, weight, italic, MM(w), align);
        pango_layout_get_size(l, &lw, &lh);
        if ((pango_layout_get_line_count(l) <= max_lines && lh / (double)PANGO_SCALE <= MM(h) + 0.01) || size <= min_size) break;
        g_object_unref(l);
        size = size - (size * 0.04 > 0.25 ? size * 0.04 : 0.25);
        if (size < min_size) size = min_size;
    }
    if (pango_layout_get_unknown_glyphs_count(l) > 0) { fprintf(stderr, "missing glyphs in %s\n", s); exit(2); }
    if (link) {
        char attrs[512];
        snprintf(attrs, sizeof attrs, "uri='%s'", link);
        cairo_tag_begin(c->cr, CAIRO_TAG_LINK, attrs);
    }
    colour(c->cr, rgb);
    cairo_move_to(c->cr, MM(x), MM(y) + (MM(h) - lh / (double)PANGO_SCALE) / 2);
    pango_cairo_show_layout(c->cr, l);
    if (link) cairo_tag_end(c->cr, CAIRO_TAG_LINK);
    g_object_unref(l);
}

static void outcomes(Ctx *c) {
    double x = 20, y = 135.5, w = 212, h = 38, size = 7.5, gap = MM(4);
    double column = (MM(w) - gap) / 2;
    int count = 10, per = 5;
    for (;;) {
        PangoLayout *bullet = layout(c, "•", SANS, size, 400, 0, -1, PANGO_ALIGN_LEFT);
        int bw, bh;
        pango_layout_get_size(bullet, &bw, &bh);
        double indent = bw / (double)PANGO_SCALE + size * 0.5, spacing = bh / (double)PANGO_SCALE * 0.25;
        PangoLayout *items[10];
        double ys[10], tallest = 0;
        for (int i = 0; i < count; i++) {
            items[i] = layout(c, OUTCOMES[i], SANS, size, 400, 0, column - indent, PANGO_ALIGN_LEFT);
            int iw, ih;
            if (i % per == 0) ys[i] = 0;
            else { pango_layout_get_size(items[i - 1], &iw, &ih); ys[i] = ys[i - 1] + ih / (double)PANGO_SCALE + spacing; }
            pango_layout_get_size(items[i], &iw, &ih);
            if (ys[i] + ih / (double)PANGO_SCALE > tallest) tallest = ys[i] + ih / (double)PANGO_SCALE;
        }
        if (tallest <= MM(h) + 0.01 || size <= 5.5) {
            colour(c->cr, 0x222a36);
            for (int i = 0; i < count; i++) {
                double ix = MM(x) + (i / per) * (column + gap), iy = MM(y) + ys[i];
                cairo_move_to(c->cr, ix, iy);
                pango_cairo_show_layout(c->cr, bullet);
                cairo_move_to(c->cr, ix + bw / (double)PANGO_SCALE + 7.5 * 0.5, iy);
                pango_cairo_show_layout(c->cr, items[i]);
            }
        }
        for (int i = 0; i < count; i++) g_object_unref(items[i]);
        g_object_unref(bullet);
        if (tallest <= MM(h) + 0.01 || size <= 5.5) return;
        size -= size * 0.04 > 0.25 ? size * 0.04 : 0.25;
    }
}

static void qr(cairo_t *cr, const char *url) {
    QRcode *code = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);
    int n = code->width, quiet = 4;
    double size = MM(36), module = size / (n + 2 * quiet), ox = MM(246) + quiet * module, oy = MM(144) + quiet * module;
    char attrs[512];
    snprintf(attrs, sizeof attrs, "uri='%s'", url);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
    cairo_new_path(cr);
    for (int row = 0; row < n; row++)
        for (int col = 0; col < n;) {
            if (!(code->data[row * n + col] & 1)) { col++; continue; }
            int start = col;
            while (col < n && (code->data[row * n + col] & 1)) col++;
            cairo_rectangle(cr, ox + start * module, oy + row * module, (col - start) * module, module);
        }
    colour(cr, 0x111827);
    cairo_fill(cr);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    QRcode_free(code);
}

static void svg(cairo_t *cr, RsvgHandle *handle, double x, double y, double w, double h) {
    double iw, ih;
    rsvg_handle_get_intrinsic_size_in_pixels(handle, &iw, &ih);
    double width = MM(w), height = MM(w) * ih / iw;
    if (height > MM(h)) { height = MM(h); width = height * iw / ih; }
    RsvgRectangle viewport = {MM(x) + (MM(w) - width) / 2, MM(y) + (MM(h) - height) / 2, width, height};
    rsvg_handle_render_document(handle, cr, &viewport, NULL);
}

static void render(PangoFontMap *map, RsvgHandle *logo, RsvgHandle *signature, int index, const char *out) {
    Sink sink = {g_string_sized_new(80000)};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_sink, &sink, MM(297), MM(210));
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    cairo_t *cr = cairo_create(surface);
    Ctx c = {cr, pango_font_map_create_context(map)};
    pango_cairo_context_set_resolution(c.pango, 72);
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(c.pango, options);
    cairo_font_options_destroy(options);
    pango_cairo_update_context(cr, c.pango);

    char id[32], url[128], subject[512], keywords[128], idline[64];
    snprintf(id, sizeof id, "BNCH-%04d-%04d-0000-0000", index / 10000 % 10000, index % 10000);
    snprintf(url, sizeof url, "https://verify.example.org/c/%s", id);
    const char *name = NAMES[index % 8];
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
        "Certificate of Attendance: Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, "Policy Foresight");
    snprintf(subject, sizeof subject, "Certificate of Attendance for %s: Tackling Child Criminal Exploitation, Wednesday 16 September 2020", name);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject);
    snprintf(keywords, sizeof keywords, "CPD, certificate of attendance, %s", id);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cpdcert C baseline");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-11-29T09:30:00Z");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2026-11-29T09:30:00Z");

    cairo_rectangle(cr, MM(8), MM(8), MM(281), MM(194));
    cairo_set_line_width(cr, 2.2); colour(cr, 0x1f3a5f); cairo_stroke(cr);
    cairo_rectangle(cr, MM(11.5), MM(11.5), MM(274), MM(187));
    cairo_set_line_width(cr, 0.8); colour(cr, 0xc9a45c); cairo_stroke(cr);
    svg(cr, logo, 20, 18, 20, 20);
    text(&c, "Policy Foresight", 44, 19, 150, 9, SANS, 14, 14, 600, 0, 0x1f3a5f, PANGO_ALIGN_LEFT, 1, NULL);
    text(&c, "https://policyforesight.example.org", 44, 28, 150, 7, SANS, 9, 9, 400, 0, 0x5a6478, PANGO_ALIGN_LEFT, 1,
         "https://policyforesight.example.org");
    text(&c, "Certificate of Attendance", 20, 42, 257, 16, SERIF, 32, 32, 700, 0, 0x1f3a5f, PANGO_ALIGN_CENTER, 1, NULL);
    text(&c, "This is to certify that", 20, 59, 257, 8, SERIF, 12, 12, 400, 1, 0x3b4455, PANGO_ALIGN_CENTER, 1, NULL);
    text(&c, name, 24, 67, 249, 17, SERIF, 30, 11, 700, 0, 0x111827, PANGO_ALIGN_CENTER, 2, NULL);
    text(&c, "Senior Social Worker, Harbourside Children's Services", 24, 84.5, 249, 7, SANS, 11, 7, 400, 0, 0x3b4455,
         PANGO_ALIGN_CENTER, 1, NULL);
    text(&c, "attended", 20, 92, 257, 7, SERIF, 12, 12, 400, 1, 0x3b4455, PANGO_ALIGN_CENTER, 1, NULL);
    text(&c, "Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence", 30, 99, 237, 16, SERIF,
         17, 11, 700, 0, 0x1f3a5f, PANGO_ALIGN_CENTER, 2, NULL);
    text(&c, "Live webinar  ·  Wednesday 16 September 2020  ·  10:00–13:30 BST  ·  3.5 CPD hours (contact time)", 20, 116,
         257, 7, SANS, 10.5, 7, 400, 0, 0x111827, PANGO_ALIGN_CENTER, 1, NULL);
    cairo_move_to(cr, MM(60), MM(126)); cairo_line_to(cr, MM(237), MM(126));
    cairo_set_line_width(cr, 0.6); colour(cr, 0xc9a45c); cairo_stroke(cr);
    text(&c, "Learning outcomes", 20, 129, 200, 6, SANS, 9.5, 9.5, 700, 0, 0x1f3a5f, PANGO_ALIGN_LEFT, 1, NULL);
    outcomes(&c);
    svg(cr, signature, 22, 175, 48, 11);
    cairo_move_to(cr, MM(22), MM(187)); cairo_line_to(cr, MM(88), MM(187));
    cairo_set_line_width(cr, 0.6); colour(cr, 0x3b4455); cairo_stroke(cr);
    text(&c, "Dr Helena Marsh", 22, 187.5, 90, 5.5, SANS, 9.5, 9.5, 600, 0, 0x111827, PANGO_ALIGN_LEFT, 1, NULL);
    text(&c, "Programme Director, Policy Foresight", 22, 192.5, 90, 5, SANS, 8, 6, 400, 0, 0x3b4455, PANGO_ALIGN_LEFT, 1, NULL);
    snprintf(idline, sizeof idline, "Certificate ID  %s", id);
    text(&c, idline, 100, 184, 110, 6, SANS, 10, 10, 600, 0, 0x1f3a5f, PANGO_ALIGN_CENTER, 1, NULL);
    text(&c, "Issued 29 November 2026", 100, 190, 110, 5, SANS, 8.5, 8.5, 400, 0, 0x3b4455, PANGO_ALIGN_CENTER, 1, NULL);
    qr(cr, url);
    text(&c, "Scan or visit to verify", 214, 180, 68, 5, SANS, 7.5, 7.5, 600, 0, 0x1f3a5f, PANGO_ALIGN_RIGHT, 1, NULL);
    text(&c, url, 196, 185, 86, 5, SANS, 7, 5, 400, 0, 0x3b4455, PANGO_ALIGN_RIGHT, 1, url);

    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) { fprintf(stderr, "cairo error\n"); exit(2); }
    cairo_surface_destroy(surface);
    g_object_unref(c.pango);

    char path[1024];
    snprintf(path, sizeof path, "%s/%s.pdf", out, id);
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(sink.bytes->str, 1, sink.bytes->len, file) != sink.bytes->len || fclose(file) != 0) {
        perror(path);
        exit(2);
    }
    g_string_free(sink.bytes, TRUE);
}

static RsvgHandle *load_svg(const char *path) {
    GError *error = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_file(path, &error);
    if (!handle) { fprintf(stderr, "%s: %s\n", path, error->message); exit(2); }
    return handle;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s OUT_DIR COUNT [PROCESSES]\n", argv[0]); return 64; }
    const char *out = argv[1];
    int count = atoi(argv[2]), processes = argc > 3 ? atoi(argv[3]) : 1;
    const char *assets = getenv("CPDCERT_ASSETS") ? getenv("CPDCERT_ASSETS") : "Assets";
    for (int worker = 0; worker < processes; worker++) {
        pid_t pid = processes > 1 ? fork() : 0;
        if (pid < 0) { perror("fork"); return 1; }
        if (pid > 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/logo.svg", assets);
        RsvgHandle *logo = load_svg(path);
        snprintf(path, sizeof path, "%s/signature.svg", assets);
        RsvgHandle *signature = load_svg(path);
        PangoFontMap *map = pango_cairo_font_map_new();
        for (int i = worker; i < count; i += processes) render(map, logo, signature, i, out);
        g_object_unref(map);
        if (processes > 1) _exit(0);
        return 0;
    }
    int status = 0, failed = 0;
    while (wait(&status) > 0) failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    return failed;
}
