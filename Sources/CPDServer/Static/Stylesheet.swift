/// The site's one stylesheet, with the organiser's colour. Mobile first and without at-rules:
/// rows wrap by themselves on narrow screens. Status colours keep at least 4.5:1 contrast.
enum Stylesheet {
    static func css(brand: BrandColour) -> String {
        """
        :root{--brand:\(brand);--on-brand:\(brand.textOnColour);--heading:\(brand.headingOnWhite);--text:#1f2937;--muted:#4b5563;--line:#d1d5db}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans",sans-serif;font-size:1rem;line-height:1.5;color:var(--text);background:#f3f4f6}
        .wrap{max-width:50rem;margin:0 auto;padding:0 1rem}
        .skip{position:absolute;left:-999rem}
        .skip:focus{left:1rem;top:1rem;z-index:2;background:#fff;color:#000;padding:.5rem 1rem}
        header.site{background:var(--brand);color:var(--on-brand);padding:.75rem 0}
        header.site .wrap{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between}
        .site-name{color:var(--on-brand);font-weight:700;font-size:1.15rem;text-decoration:none}
        .site-role{font-size:.9rem}
        main.wrap{background:#fff;margin-top:1rem;margin-bottom:1rem;padding-top:1rem;padding-bottom:1.5rem;border-radius:.5rem}
        h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .75rem;color:var(--heading)}
        h2{font-size:1.15rem;margin:1.75rem 0 .5rem;color:var(--heading)}
        a{color:#1d4ed8}
        a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        .status{margin:0 0 1rem;padding:.9rem 1rem;border-left:.5rem solid;border-radius:.4rem}
        .status h1{color:inherit;margin:0 0 .25rem;font-size:1.35rem}
        .status p{margin:.25rem 0 0}
        .status .mark{display:inline-block;min-width:1.4em;font-weight:700}
        .status a{color:inherit}
        .status-valid,.status-match{background:#e6f4ea;border-color:#1a7f37;color:#0f5323}
        .status-revoked,.status-unknown,.status-nomatch,.status-error{background:#fdecea;border-color:#b42318;color:#7a1a12}
        .status-superseded,.status-mistyped{background:#fff4d6;border-color:#9a6700;color:#5c3d00}
        dl.fields{margin:0;border-top:1px solid var(--line)}
        dl.fields .row{display:flex;flex-wrap:wrap;gap:0 1rem;padding:.5rem 0;border-bottom:1px solid var(--line)}
        dl.fields dt{flex:0 0 11rem;font-weight:600;color:var(--muted)}
        dl.fields dd{flex:1 1 16rem;margin:0;overflow-wrap:anywhere}
        dd ul{margin:0;padding-left:1.2rem}
        meter{width:100%;max-width:20rem;height:1rem;display:block;margin-top:.25rem}
        figure{margin:0}
        figure img{display:block;width:100%;height:auto;border:1px solid var(--line);box-shadow:0 1px 4px rgba(0,0,0,.15)}
        figcaption{font-size:.9rem;color:var(--muted);margin-top:.4rem}
        .hash{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem;overflow-wrap:anywhere;background:#f3f4f6;padding:.1rem .3rem;border-radius:.25rem}
        form{margin:.5rem 0 0}
        label{display:block;font-weight:600;margin-bottom:.25rem}
        .hint{display:block;color:var(--muted);font-size:.9rem;margin-bottom:.4rem}
        input[type=text]{width:100%;max-width:24rem;font-size:1.1rem;padding:.5rem .6rem;border:2px solid var(--muted);border-radius:.3rem;font-family:ui-monospace,"DejaVu Sans Mono",monospace;text-transform:uppercase}
        input[type=file]{max-width:100%;font-size:1rem}
        button{margin-top:.6rem;font-size:1rem;font-weight:600;padding:.55rem 1.1rem;border:0;border-radius:.3rem;background:var(--brand);color:var(--on-brand);cursor:pointer}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem}
        .actions a{font-weight:600;padding:.45rem .9rem;border:2px solid var(--brand);border-radius:.3rem;text-decoration:none}
        .drop{border:2px dashed var(--line);border-radius:.5rem;padding:1rem}
        .drop-active{border-color:var(--brand);background:#eef2ff}
        .drop-note{display:none}
        .drop-ready .drop-note{display:inline}
        footer.wrap{font-size:.9rem;color:var(--muted);padding-bottom:2rem}
        """
    }
}
