using System.Globalization;
using System.Text;
using System.Text.Json;
using Parley;

namespace Interview;

/// <summary>The study's documents and charts, made by the app itself (never from a path or URL a participant sent).</summary>
internal static class StudyMaterials
{
    private static readonly string[] ScaleLabels = ["1", "2", "3", "4", "5"];

    private const string Information = """
        # Participant information

        **Purpose.** We want to understand how people arrange their workspaces.

        **What you will do.** Give your consent, a name, a photo of your desk and a rating.
        It takes about five minutes.

        **Your rights.** Taking part is voluntary. You can withdraw at any time with `/withdraw`;
        your answers are then discarded.

        **Contact.** The research team, workspace-study@example.org.
        """;

    public static IReadOnlyList<ChatElement> Introduction() =>
    [
        ChatElement.Text("Participant information", Information, "markdown") with { Display = ElementDisplay.Side },
        ChatElement.Pdf("Consent form", ElementSource.FromBytes(ConsentFormPdf())),
    ];

    /// <summary>A bar chart of the participant's rating against the scale.</summary>
    public static ChatElement SatisfactionChart(int rating) =>
        ChatElement.Plotly("Your rating", JsonSerializer.SerializeToElement(new
        {
            data = new[]
            {
                new
                {
                    type = "bar",
                    x = ScaleLabels,
                    y = Enumerable.Range(1, 5).Select(i => i == rating ? 1 : 0).ToArray(),
                    marker = new { color = Enumerable.Range(1, 5).Select(i => i == rating ? "#2563eb" : "#cbd5e1").ToArray() },
                },
            },
            layout = new { title = new { text = "Satisfaction (1 = not at all, 5 = very)" }, yaxis = new { visible = false }, height = 260 },
        }));

    /// <summary>A one-page PDF, written by hand so the sample needs no PDF library.</summary>
    private static byte[] ConsentFormPdf()
    {
        const string text = "BT /F1 18 Tf 72 720 Td (Workspace study - consent form) Tj 0 -32 Td /F1 12 Tf " +
            "(I have read the participant information and agree to take part.) Tj 0 -18 Td " +
            "(I know I can withdraw at any time, and my answers will then be discarded.) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {text.Length} >>\nstream\n{text}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
