namespace Parley.TestApp;

/// <summary>Content the browser tests render.</summary>
internal static class Payloads
{
    /// <summary>Markdown full of injection attempts; none of it may execute.</summary>
    public const string Xss = """
        Here are some attempts:

        <script>window.__xss = 'script';</script>

        <img src="x" onerror="window.__xss = 'onerror'">

        [click me](javascript:window.__xss='link')

        <a href="javascript:window.__xss='anchor'">anchor</a>

        <iframe src="javascript:window.__xss='iframe'"></iframe>

        <svg onload="window.__xss='svg'"><circle r="4"/></svg>

        <div style="background:url(javascript:window.__xss='style')" onclick="window.__xss='click'">styled</div>

        ```html
        <script>window.__xss = 'in code';</script>
        ```

        The end.
        """;

    /// <summary>A token of a long reply: words, with a heading, a list item or a code block now and then.</summary>
    public static string LongToken(int i) => (i % 400) switch
    {
        0 => $"\n\n## Part {(i / 400) + 1}\n\n",
        100 => "\n\n- a list item\n- another\n\n",
        200 => "\n\n```csharp\nvar x = 1;\n```\n\n",
        _ => $"w{i} ",
    };
}
