using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

/// <summary>Attaching files in the composer: the button, drag and drop, paste; limits; attachments on sent messages.</summary>
[Collection(BrowserTests.Name)]
public sealed class FileUploadTests(BrowserFixture browser)
{
    private static readonly byte[] Dot = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task AttachButton_FilesWithinLimits_ShownOnSentMessage()
    {
        var chat = await browser.NewPageAsync();
        var notes = Encoding.UTF8.GetBytes("some notes");

        var chooser = await chat.Page.RunAndWaitForFileChooserAsync(() => AttachButton(chat).ClickAsync());
        await chooser.SetFilesAsync(
        [
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = notes },
            new FilePayload { Name = "dot.png", MimeType = "image/png", Buffer = Dot },
        ]);
        await Expect(Chips(chat).And(chat.Page.Locator("[data-status=done]"))).ToHaveCountAsync(2);
        await chat.SendAsync("two files");

        var sent = chat.Page.GetByTestId("user-message").Filter(new() { HasText = "two files" });
        await Expect(sent.GetByTestId("file-chip")).ToContainTextAsync("notes.txt");
        await Expect(sent.GetByRole(AriaRole.Img, new() { Name = "dot.png" })).ToBeVisibleAsync();
        await Expect(chat.ReplyTo("two files")).ToContainTextAsync($"received: notes.txt ({notes.Length} bytes), dot.png ({Dot.Length} bytes)");
        await Expect(Chips(chat)).ToHaveCountAsync(0);
        await chat.ScreenshotAsync();

        // After a reload the message still shows its files, from the server's snapshot.
        await chat.Page.ReloadAsync();
        await Expect(chat.Page.GetByTestId("user-message").Filter(new() { HasText = "two files" }).GetByTestId("file-chip")).ToContainTextAsync("notes.txt");
        var width = await chat.Page.GetByRole(AriaRole.Img, new() { Name = "dot.png" }).EvaluateAsync<int>("img => img.naturalWidth");
        Assert.Equal(1, width);
    }

    [Fact]
    public async Task AttachButton_OverLimitOrWrongType_RefusedWithVisibleMessage()
    {
        var chat = await browser.NewPageAsync();

        var chooser = await chat.Page.RunAndWaitForFileChooserAsync(() => AttachButton(chat).ClickAsync());
        await chooser.SetFilesAsync(
        [
            new FilePayload { Name = "huge.txt", MimeType = "text/plain", Buffer = new byte[(20 * 1024 * 1024) + 1] },
            new FilePayload { Name = "page.html", MimeType = "text/html", Buffer = Encoding.UTF8.GetBytes("<script>alert(1)</script>") },
        ]);

        await Expect(Chips(chat).Filter(new() { HasText = "huge.txt" }).GetByRole(AriaRole.Alert)).ToContainTextAsync("larger than the limit of 20 MB");
        await Expect(Chips(chat).Filter(new() { HasText = "page.html" }).GetByRole(AriaRole.Alert)).ToContainTextAsync("text/html are not accepted");
        await Expect(chat.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeDisabledAsync();
        await chat.ScreenshotAsync();

        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Remove page.html" }).ClickAsync();
        await Expect(Chips(chat)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task DragAndDrop_FileOnChat_AttachedAndSent()
    {
        var chat = await browser.NewPageAsync();

        await chat.Page.GetByTestId("chat-main").EvaluateAsync("""
            target => {
              const data = new DataTransfer();
              data.items.add(new File(["dropped bytes"], "dropped.txt", { type: "text/plain" }));
              target.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
              target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
            }
            """);
        await Expect(Chips(chat).And(chat.Page.Locator("[data-status=done]"))).ToHaveCountAsync(1);
        await chat.Composer.PressAsync("Enter");

        await Expect(chat.Page.GetByTestId("user-message").GetByTestId("file-chip")).ToContainTextAsync("dropped.txt");
        await Expect(chat.LastAssistant).ToContainTextAsync("received: dropped.txt (13 bytes)");
    }

    [Fact]
    public async Task Paste_Image_AttachedAndSent()
    {
        var chat = await browser.NewPageAsync();

        await chat.Composer.EvaluateAsync("""
            (box, bytes) => {
              const data = new DataTransfer();
              data.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
              box.focus();
              box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, Dot.Select(b => (int)b).ToArray());
        await Expect(Chips(chat).And(chat.Page.Locator("[data-status=done]"))).ToHaveCountAsync(1);
        await chat.SendAsync("pasted");

        await Expect(chat.Page.GetByTestId("user-message").Filter(new() { HasText = "pasted" }).GetByRole(AriaRole.Img, new() { Name = "image.png" })).ToBeVisibleAsync();
        await Expect(chat.ReplyTo("pasted")).ToContainTextAsync($"received: image.png ({Dot.Length} bytes)");
    }

    private static ILocator AttachButton(ChatPage chat) => chat.Page.GetByRole(AriaRole.Button, new() { Name = "Attach files" });

    private static ILocator Chips(ChatPage chat) => chat.Page.GetByTestId("attachment-chip");
}
