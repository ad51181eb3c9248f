using Parley.AspNetCore;
using Parley.Storage;

namespace Parley.TestApp;

/// <summary>
/// Test-only stand-ins for what other slices build: a minimal <c>POST /api/files</c> (multipart
/// <c>file</c>, <c>threadId</c>; the caller's own thread only, no type sniffing) so the UI's file asks
/// can upload, and <c>/elements/NumberPicker</c>, a custom element that submits a number. Remove the
/// upload once the real endpoint is on the branch.
/// </summary>
internal static class TestUploads
{
    public static void Map(RouteGroupBuilder api, WebApplication app)
    {
        api.MapPost("/files", UploadAsync).DisableAntiforgery();
        app.MapGet("/elements/NumberPicker", () => Results.Content(NumberPicker, "text/html"));
    }

    private static async Task<IResult> UploadAsync(HttpContext context, IChatUserResolver users, IChatStore store, IFileStore files)
    {
        var user = await users.ResolveAsync(context, context.RequestAborted);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var threadId = form["threadId"].ToString();
        var thread = string.IsNullOrEmpty(threadId) ? null : await store.GetThreadAsync(threadId, context.RequestAborted);
        if (user is null || thread is null || thread.OwnerId != user.Id || form.Files.GetFile("file") is not { } file)
        {
            return Results.Problem(statusCode: 400, detail: "Bad upload.", extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
        }

        var record = new FileRecord
        {
            Id = "fil_" + Guid.NewGuid().ToString("n"),
            OwnerId = user.Id,
            ThreadId = threadId,
            Name = Path.GetFileName(file.FileName),
            Mime = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var content = file.OpenReadStream();
        var saved = await files.SaveAsync(record, content, context.RequestAborted);
        return Results.Json(saved.ToRef(), statusCode: 201);
    }

    private const string NumberPicker = """
        <!doctype html>
        <html><body>
        <p id="max">max ?</p>
        <button id="submit" type="button">Submit 7</button>
        <script>
          window.addEventListener("message", (e) => {
            if (e.data && e.data.parley === "props") document.getElementById("max").textContent = "max " + e.data.props.max;
          });
          document.getElementById("submit").addEventListener("click", () => parent.postMessage({ parley: "submit", value: 7 }, "*"));
        </script>
        </body></html>
        """;
}
