using System.Text;
using System.Text.Json;

namespace Parley.TestApp;

/// <summary>
/// Message words for elements: <c>elements</c> sends one element of every kind (an image attached to
/// its message, a side PDF, a page text, the rest inline) with a running task list;
/// <c>finish-tasks</c> updates that task list to done.
/// </summary>
internal static class ElementCommands
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAANklEQVR4nO3OQQ0AAAgEIIPZP4VhbOH5YCMANd2vVHwgJCQklB4ICQkJpQdCQkJC6YGQkNCxBY3R+GppVQzeAAAAAElFTkSuQmCC");

    public static async Task<bool> TryHandleAsync(ChatContext chat, string word)
    {
        switch (word)
        {
            case "elements":
                await SendAllAsync(chat);
                return true;
            case "finish-tasks":
                var list = chat.History.OfType<ElementItem>().Last(e => e.Kind == ElementKind.TaskList);
                await chat.UpdateElementAsync(list.Id, Tasks(ElementTaskStatus.Done, "All done"));
                await chat.SayAsync("tasks finished");
                return true;
            default:
                return false;
        }
    }

    private static async Task SendAllAsync(ChatContext chat)
    {
        await chat.SayAsync("Here is a picture.", new MessageOptions
        {
            Elements = [ChatElement.Image("red.png", ElementSource.FromBytes(Png), ElementSize.Small)],
        });
        await chat.SendElementAsync(ChatElement.File("notes.csv", ElementSource.FromBytes("a,b\n1,2\n"u8.ToArray())));
        await chat.SendElementAsync(ChatElement.Pdf("Report", ElementSource.FromBytes(MinimalPdf())) with { Display = ElementDisplay.Side });
        await chat.SendElementAsync(ChatElement.Audio("tone.wav", ElementSource.FromBytes(Wav())));
        await chat.SendElementAsync(ChatElement.Video("clip.webm", ElementSource.FromBytes(new byte[64])));
        await chat.SendElementAsync(ChatElement.Text("Program.cs", "Console.WriteLine(\"hello\");", "csharp"));
        await chat.SendElementAsync(ChatElement.Text("Long listing", "line 1\nline 2\nline 3", "text") with { Display = ElementDisplay.Page });
        await chat.SendElementAsync(ChatElement.Plotly("Sales", """
            {"data":[{"type":"scatter","mode":"lines+markers","x":[1,2,3,4],"y":[3,1,4,2],"name":"a"},
                     {"type":"bar","x":[1,2,3,4],"y":[2,3,1,4],"name":"b"}],
             "layout":{"title":{"text":"Sales"}}}
            """));
        await chat.SendElementAsync(Tasks(ElementTaskStatus.Running, "Working"));
        await chat.SendElementAsync(ChatElement.Custom("Rate this", "Rating", JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["stars"] = 4, ["label"] = "How was it?" })));
        await chat.SayAsync("elements sent");
    }

    private static ChatElement Tasks(ElementTaskStatus second, string status) =>
        ChatElement.TaskList("Plan", [new ElementTask("Gather data", ElementTaskStatus.Done), new ElementTask("Write report", second)], status);

    private static byte[] MinimalPdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A quarter of a second of silence, 8 kHz mono 8-bit PCM.</summary>
    private static byte[] Wav()
    {
        const int samples = 2000;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(8000);
        writer.Write(8000);
        writer.Write((short)1);
        writer.Write((short)8);
        writer.Write("data"u8);
        writer.Write(samples);
        writer.Write(Enumerable.Repeat((byte)128, samples).ToArray());
        writer.Flush();
        return stream.ToArray();
    }
}
