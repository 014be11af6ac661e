namespace K8sAiops.Activities.Inspect.Report;

public static partial class InspectionHtml
{
    /// <summary>
    /// The page's only styling. System fonts only (nothing is fetched); severity and grade colours repeat the charts'; the
    /// colours carry no meaning the text does not also say. Tables scroll sideways on a phone instead of squeezing.
    /// </summary>
    private const string Style = """
        :root{--ink:#1b1b1b;--muted:#5a5a5a;--line:#d4d4d4;--critical:#8b1010;--high:#c2410c;--medium:#8a5a00;--low:#2b6cb0;--info:#5a6678}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff;line-height:1.45;margin:0}
        main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
        h1{font-size:1.6rem;margin:1.5rem 0 .5rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1.05rem}
        .headline{font-size:1.3rem;margin:.3rem 0}#score,#grade{font-size:2rem}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;color:var(--muted)}.facts dt{font-weight:600}.facts dd{margin:0}
        nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,32rem),1fr));gap:1rem}
        figure.chart{margin:0;border:1px solid var(--line);padding:.5rem}figure.chart img{display:block;width:100%;height:auto}
        figcaption{font-size:.9rem;color:var(--muted);margin-top:.3rem}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}caption{text-align:left;color:var(--muted);padding:.3rem 0}
        th,td{border-bottom:1px solid var(--line);text-align:left;padding:.3rem .5rem;vertical-align:top}
        thead th{background:#f3f3f3}tbody th{font-weight:600}#findings tbody th{white-space:nowrap}.num{text-align:right;font-variant-numeric:tabular-nums}
        .object{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem;overflow-wrap:anywhere}.text{white-space:pre-line}
        .severity{font-weight:700;text-transform:uppercase;font-size:.78rem;letter-spacing:.03em}
        .sev-critical .severity{color:var(--critical)}.sev-high .severity{color:var(--high)}.sev-medium .severity{color:var(--medium)}
        .sev-low .severity{color:var(--low)}.sev-info .severity{color:var(--info)}
        .sev-critical td:first-child{border-left:4px solid var(--critical)}.sev-high td:first-child{border-left:4px solid var(--high)}
        .sev-medium td:first-child{border-left:4px solid var(--medium)}.sev-low td:first-child{border-left:4px solid var(--low)}
        .sev-info td:first-child{border-left:4px solid var(--info)}
        .status-accepted{color:var(--muted);font-style:italic}.status-new{font-weight:600}
        .grade-a{color:#2f855a}.grade-b{color:#4d7c1f}.grade-c{color:#8a5a00}.grade-d{color:#c2410c}.grade-f{color:#8b1010}
        tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--ink)}
        .notice{border-left:4px solid var(--high);padding:.5rem 1rem;background:#fdf3ea}
        footer{color:var(--muted);font-size:.85rem;margin-top:2rem;padding-bottom:2rem}
        @media print{nav{display:none}.scroll{overflow:visible}figure.chart{break-inside:avoid}}
        """;
}
