namespace Parley.TestApp;

/// <summary>
/// A page that embeds the chat in an iframe, as a customer's site would (<c>/host.html</c>): a button
/// posts <c>{"text":"hello from host"}</c> to the chat (<c>?onload</c>: also once when the frame loads), and every
/// message the chat posts back is listed.
/// </summary>
internal static class HostPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Host page</title></head>
        <body>
          <h1>A site that embeds the chat</h1>
          <button id="send" type="button">Send to chat</button>
          <ul id="received" aria-label="Received from chat"></ul>
          <iframe id="chat" title="Chat" src="/" width="900" height="650"></iframe>
          <script src="/host.js"></script>
        </body>
        </html>
        """;

    public const string Script = """
        const chat = document.getElementById("chat");
        if (new URLSearchParams(location.search).has("onload")) {
          // As many host pages do: speak once, the moment the frame has loaded.
          chat.addEventListener("load", () => chat.contentWindow.postMessage({ text: "hello on load" }, location.origin));
        }
        document.getElementById("send").addEventListener("click", () => {
          chat.contentWindow.postMessage({ text: "hello from host" }, location.origin);
        });
        window.addEventListener("message", (event) => {
          if (event.source !== chat.contentWindow || event.origin !== location.origin) return;
          const li = document.createElement("li");
          li.textContent = JSON.stringify(event.data);
          document.getElementById("received").appendChild(li);
        });
        """;

    public static void Map(WebApplication app)
    {
        app.MapGet("/host.html", () => Results.Content(Html, "text/html; charset=utf-8"));
        app.MapGet("/host.js", () => Results.Content(Script, "text/javascript; charset=utf-8"));
    }
}
