using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Elements;

public sealed class ElementTests : IDisposable
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly string _folder = Directory.CreateTempSubdirectory("parley-elements-").FullName;
    private readonly CountingFileStore _files = new();

    public ElementTests()
    {
        File.WriteAllText(Path.Combine(_folder, "Rating.html"), "<!doctype html><p>rating</p>");
        File.WriteAllBytes(Path.Combine(_folder, "report.pdf"), "%PDF-1.4 test"u8.ToArray());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SendElementAsync_EachKind_AddsElementItemsWithServerIssuedUrls()
    {
        await using var harness = await StartAsync(async (chat, _) =>
        {
            await chat.SendElementAsync(ChatElement.Image("cat.png", ElementSource.FromBytes(Png), ElementSize.Small));
            await chat.SendElementAsync(ChatElement.File("data.csv", ElementSource.FromStream(new MemoryStream("a,b\n1,2"u8.ToArray()))));
            await chat.SendElementAsync(ChatElement.Pdf("Report", ElementSource.FromFile(Path.Combine(_folder, "report.pdf"))) with { Display = ElementDisplay.Side });
            await chat.SendElementAsync(ChatElement.Audio("hello.wav", ElementSource.FromBytes([1, 2, 3])));
            await chat.SendElementAsync(ChatElement.Video("clip.webm", ElementSource.FromBytes([4, 5, 6])) with { Display = ElementDisplay.Page });
            await chat.SendElementAsync(ChatElement.Text("Program.cs", "Console.WriteLine(1);", "csharp"));
            await chat.SendElementAsync(ChatElement.Plotly("Chart", """{"data":[{"type":"bar","x":[1,2],"y":[3,4]}]}"""));
            await chat.SendElementAsync(ChatElement.TaskList("Plan", [new ElementTask("Fetch", ElementTaskStatus.Done), new ElementTask("Sum")], "1/2"));
            await chat.SendElementAsync(ChatElement.Custom("Rate us", "Rating", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["stars"] = 4 })));
        });
        var events = await RunAsync(harness);

        var elements = events.Replica.Items.OfType<ElementItem>().ToList();
        Assert.Equal(
            [ElementKind.Image, ElementKind.File, ElementKind.Pdf, ElementKind.Audio, ElementKind.Video, ElementKind.Text, ElementKind.Plotly, ElementKind.TaskList, ElementKind.Custom],
            elements.Select(e => e.Kind));
        Assert.Equal(5, _files.Saved.Count);
        foreach (var (element, file) in elements.Take(5).Zip(_files.Saved))
        {
            Assert.Equal(FileRecord.UrlOf(file.Id), element.Url);
            Assert.Equal(harness.User.Id, file.OwnerId);
            Assert.Equal(element.Mime, file.Mime);
        }

        Assert.Equal(["image/png", "text/csv", "application/pdf", "audio/wav", "video/webm"], elements.Take(5).Select(e => e.Mime));
        Assert.Equal(Png, await _files.ReadAllAsync(_files.Saved.First().Id));
        Assert.Equal("small", elements[0].Size);
        Assert.Equal(Png.Length, elements[0].Props!["bytes"].GetInt64());
        Assert.Equal(ElementDisplay.Side, elements[2].Display);
        Assert.Equal(ElementDisplay.Page, elements[4].Display);
        Assert.Equal("csharp", elements[5].Props!["language"].GetString());
        Assert.Equal("Console.WriteLine(1);", elements[5].Props!["content"].GetString());
        Assert.Equal("bar", elements[6].Props!["figure"].GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal("done", elements[7].Props!["tasks"][0].GetProperty("status").GetString());
        Assert.Equal("1/2", elements[7].Props!["status"].GetString());
        Assert.Equal("Rating", elements[8].Props!["component"].GetString());
        Assert.Equal(4, elements[8].Props!["props"].GetProperty("stars").GetInt32());
        Assert.All(elements.Skip(5), e => Assert.Null(e.Url));
        Assert.All(elements.Skip(5), e => Assert.False(e.Props!.ContainsKey("bytes")));
        Assert.All(elements, e => Assert.Null(e.ForItemId));
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task SayAsync_WithElements_AttachesThemToTheMessageAndSavesBytesOnce()
    {
        await using var harness = await StartAsync(async (chat, _) =>
        {
            var image = ChatElement.Image("chart.png", ElementSource.FromBytes(Png));
            await chat.SayAsync("Here you go.", new MessageOptions { Elements = [image, ChatElement.Text("Note", "plain")] });
            var stream = await chat.BeginMessageAsync(new MessageOptions { Elements = [ChatElement.Text("Streamed", "x")] });
            await stream.CompleteAsync();
        });
        var events = await RunAsync(harness);

        var messages = events.Replica.Items.OfType<AssistantMessage>().ToList();
        var elements = events.Replica.Items.OfType<ElementItem>().ToList();
        Assert.Equal([messages[0].Id, messages[0].Id, messages[1].Id], elements.Select(e => e.ForItemId));
        Assert.Single(_files.Saved);
        var items = events.Replica.Items.ToList();
        Assert.True(items.IndexOf(messages[0]) < items.IndexOf(elements[0]), "The message comes before its elements.");
    }

    [Fact]
    public async Task UpdateElementAsync_TaskListAndCustom_SendsItemUpdatedKeepingIdAndMessage()
    {
        await using var harness = await StartAsync(async (chat, _) =>
        {
            var message = await chat.SayAsync("Working on it.");
            var list = await chat.SendElementAsync(ChatElement.TaskList("Plan", [new ElementTask("Fetch", ElementTaskStatus.Running)]) with { ForItemId = message.Id });
            await chat.UpdateElementAsync(list.Id, ChatElement.TaskList("Plan", [new ElementTask("Fetch", ElementTaskStatus.Done)], "Done"));
            var custom = await chat.SendElementAsync(ChatElement.Custom("Rate", "Rating"));
            await chat.UpdateElementAsync(custom.Id, ChatElement.Custom("Rate", "Rating", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["stars"] = 5 })));
        });
        var events = await RunAsync(harness);

        var updates = events.Events.OfType<ItemUpdatedEvent>().Select(u => u.Item).OfType<ElementItem>().ToList();
        Assert.Equal(2, updates.Count);
        var list = events.Replica.Items.OfType<ElementItem>().First();
        Assert.Equal(updates[0].Id, list.Id);
        Assert.Equal(events.Replica.Items.OfType<AssistantMessage>().Single().Id, list.ForItemId);
        Assert.Equal("done", list.Props!["tasks"][0].GetProperty("status").GetString());
        Assert.Equal("Done", list.Props!["status"].GetString());
        Assert.Equal(5, events.Replica.Items.OfType<ElementItem>().Last().Props!["props"].GetProperty("stars").GetInt32());
    }

    [Fact]
    public async Task RemoveElementAsync_Element_SendsItemRemoved()
    {
        await using var harness = await StartAsync(async (chat, _) =>
        {
            var text = await chat.SendElementAsync(ChatElement.Text("Temp", "soon gone"));
            await chat.RemoveElementAsync(text.Id);
        });
        var events = await RunAsync(harness);

        Assert.Single(events.Events.OfType<ItemRemovedEvent>());
        Assert.Empty(events.Replica.Items.OfType<ElementItem>());
    }

    [Fact]
    public async Task SendElementAsync_InvalidElements_ThrowAndStoreNothing()
    {
        var refused = new List<Exception>();
        await using var harness = await StartAsync(async (chat, _) =>
        {
            var message = await chat.SayAsync("hi");
            var attempts = new Func<Task>[]
            {
                () => chat.SendElementAsync(ChatElement.Text("  ", "no name")),
                () => chat.SendElementAsync(ChatElement.Text(new string('n', 201), "long name")),
                () => chat.SendElementAsync(ChatElement.Image("vector.svg", ElementSource.FromBytes([1]))),
                () => chat.SendElementAsync(ChatElement.Image("noext", ElementSource.FromBytes([1]))),
                () => chat.SendElementAsync(ChatElement.Audio("song.mp4", ElementSource.FromBytes([1]), "video/x-msvideo")),
                () => chat.SendElementAsync(ChatElement.File("x.bin", ElementSource.FromBytes([1]), "not a type")),
                () => chat.SendElementAsync(ChatElement.File("big.bin", ElementSource.FromBytes(new byte[2048]))),
                () => chat.SendElementAsync(ChatElement.File("big-stream.bin", ElementSource.FromStream(new UnseekableStream(new byte[2048])))),
                () => chat.SendElementAsync(ChatElement.Text("Code", "x", "c sharp")),
                () => chat.SendElementAsync(ChatElement.Text("Huge", new string('x', 5000))),
                () => chat.SendElementAsync(ChatElement.Custom("Missing", "Missing")),
                () => chat.SendElementAsync(ChatElement.Custom("Traversal", "../Rating")),
                () => chat.SendElementAsync(ChatElement.Text("For", "x") with { ForItemId = "not an id!" }),
                () => chat.UpdateElementAsync(message.Id, ChatElement.Text("x", "y")),
                async () =>
                {
                    var text = await chat.SendElementAsync(ChatElement.Text("ok", "ok"));
                    await chat.UpdateElementAsync(text.Id, ChatElement.Custom("Rate", "Rating"));
                },
                () => chat.RemoveElementAsync("itm_missing"),
            };
            foreach (var attempt in attempts)
            {
                try
                {
                    await attempt();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    refused.Add(e);
                }
            }
        }, o => { o.Elements.MaxFileBytes = 1024; o.Elements.MaxPropsBytes = 4096; });
        var events = await RunAsync(harness);

        Assert.Equal(16, refused.Count);
        Assert.Empty(_files.Saved);
        Assert.Single(events.Replica.Items.OfType<ElementItem>());
        Assert.Equal(ItemStatus.Completed, events.Replica.Items.OfType<AssistantMessage>().Single().Status);
        Assert.Throws<ArgumentException>(() => ChatElement.Plotly("bad", """{"layout":{}}"""));
        Assert.Throws<ArgumentException>(() => ChatElement.TaskList("bad", [new ElementTask("")]));
        Assert.Throws<ArgumentException>(() => ChatElement.Custom("bad", "Rating", JsonSerializer.SerializeToElement(3)));
    }

    [Fact]
    public void CustomElementCatalog_Folder_LoadsOnlyValidHtmlNames()
    {
        File.WriteAllText(Path.Combine(_folder, "9bad.html"), "x");
        File.WriteAllText(Path.Combine(_folder, "not.an.html.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_folder, "nested"));
        File.WriteAllText(Path.Combine(_folder, "nested", "Deep.html"), "x");

        var catalog = new Parley.Elements.CustomElementCatalog(_folder);

        Assert.Equal(["Rating"], catalog.Names.Order());
        Assert.True(catalog.TryGetHtml("Rating", out var html));
        Assert.Contains("rating", html, StringComparison.Ordinal);
        Assert.False(catalog.Contains("rating"));
        Assert.Empty(new Parley.Elements.CustomElementCatalog(Path.Combine(_folder, "absent")).Names);
    }

    private Task<RuntimeHarness> StartAsync(Func<ChatContext, UserMessage, Task> message, Action<global::Parley.Hosting.ParleyOptions>? options = null) =>
        RuntimeHarness.StartAsync(
            new AppScript { Message = message },
            options: o =>
            {
                o.Elements.ComponentsFolder = _folder;
                options?.Invoke(o);
            },
            configure: services => services.AddSingleton<IFileStore>(_files));

    private static async Task<EventCollector> RunAsync(RuntimeHarness harness)
    {
        var (threadId, events) = await harness.NewThreadAsync();
        var accepted = await harness.SendAsync(threadId, "go");
        var finished = (await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId)))
            .OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        Assert.Equal(RunStatus.Completed, finished.Status);
        return events;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
