using System.Text;

namespace Parley.Faults;

/// <summary>Random bad (and sometimes good) requests over every endpoint of docs/protocol.md.</summary>
internal sealed partial class RequestGenerator(Random random, KnownIds ids)
{
    private static readonly string[] Traversals =
    [
        "..", "../", "../../etc/passwd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2f", "..\\..\\windows",
        "..%5c..%5c", "%252e%252e%252f", ".%2e/", "....//", "%00", "thr_%00", "a%2fb", "con", "~",
    ];

    private static readonly string[] Words = ["hello", "ask", "ask-action", "ask-file", "ask-element", "offer-actions", "fail", "fail-once", "stream 5", "settings", "profile", "xss"];

    private static readonly string[] JsonTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=latin1", "application/octet-stream", "audio/webm", "*/*", "application/problem+json", "", "application/json;;", "garbage"];

    private delegate FuzzRequest Shape();

    public FuzzRequest Next()
    {
        Shape[] shapes =
        [
            CreateThread, ListThreads, GetThread, PatchThread, DeleteThread, PostMessage, Answer, Action, Stop, Retry, End,
            Feedback, Settings, WindowMessage, AudioStart, AudioChunk, AudioEnd, Upload, GetFile, Events, GetApp, Element,
            UnknownApi, WrongMethod,
        ];
        return shapes[random.Next(shapes.Length)]();
    }

    // ---- targets -------------------------------------------------------------------------------

    /// <summary>A thread id: the victim's (flagged), the attacker's own, unknown, or traversal.</summary>
    private (string Id, bool Victim) ThreadTarget() => random.Next(10) switch
    {
        < 4 => (ids.VictimThread, true),
        < 7 => (ids.OwnThread, false),
        7 => ("thr_" + RandomBase32(26), false),
        8 => (Pick(Traversals), false),
        _ => (Uri.EscapeDataString(RandomText(random.Next(1, 300))), false),
    };

    private (string Id, bool Victim) ItemTarget() => random.Next(8) switch
    {
        < 3 => (Pick(ids.VictimItems), true),
        < 6 when ids.OwnItems.Count > 0 => (Pick(ids.OwnItems), false),
        6 => (Pick(Traversals), false),
        _ => ("itm_" + RandomBase32(26), false),
    };

    private (string Id, bool Victim) FileTarget() => random.Next(8) switch
    {
        < 3 => (ids.VictimFile, true),
        < 5 => (ids.OwnFile, false),
        5 => (Pick(Traversals), false),
        6 => ("../files/" + ids.VictimFile, true),
        _ => ("fil_" + RandomBase32(26), false),
    };

    // ---- endpoints -----------------------------------------------------------------------------

    private FuzzRequest CreateThread() => Json(HttpMethod.Post, "/api/threads", Obj(("clientId", Value()), ("profile", Value()), ("metadata", Value())), false);

    private FuzzRequest ListThreads()
    {
        var query = random.Next(4) switch
        {
            0 => "?limit=" + Pick(["0", "-1", "101", "abc", "99999999999999999999", "1"]),
            1 => "?cursor=" + Uri.EscapeDataString(RandomText(random.Next(0, 200))),
            2 => "?q=" + Uri.EscapeDataString(RandomText(random.Next(0, 3000))),
            _ => "?limit=5&limit=7&cursor=&q=%ff%fe",
        };
        return Bare(HttpMethod.Get, "/api/threads" + query, false);
    }

    private FuzzRequest GetThread()
    {
        var (thread, victim) = ThreadTarget();
        return Bare(HttpMethod.Get, $"/api/threads/{thread}", victim);
    }

    private FuzzRequest PatchThread()
    {
        var (thread, victim) = ThreadTarget();
        return Json(HttpMethod.Patch, $"/api/threads/{thread}", Obj(("name", Value()), ("metadata", Value())), victim);
    }

    private FuzzRequest DeleteThread()
    {
        // Never the attacker's own thread: it would end the fuzzing of everything else in it.
        var (thread, victim) = ThreadTarget();
        return thread == ids.OwnThread ? Bare(HttpMethod.Delete, "/api/threads/thr_" + RandomBase32(26), false) : Bare(HttpMethod.Delete, $"/api/threads/{thread}", victim);
    }

    private FuzzRequest PostMessage()
    {
        var (thread, victim) = ThreadTarget();
        var (file, victimFile) = FileTarget();
        var attachments = random.Next(4) switch
        {
            0 => $"[\"{file}\"]",
            1 => $"[{{\"id\":\"{file}\",\"url\":\"{Pick(["/api/files/" + file, "http://evil/", "../x", "/api/files/" + ids.VictimFile])}\"}}]",
            2 => Value(),
            _ => null,
        };
        var content = random.Next(3) == 0 ? Quote(Pick(Words)) : Value();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/messages", Obj(("clientId", Value()), ("content", content), ("command", Value()), ("attachments", attachments)), victim || (attachments is not null && victimFile && attachments.Contains(file, StringComparison.Ordinal)));
    }

    private FuzzRequest Answer()
    {
        var (thread, victim) = ThreadTarget();
        var (item, victimItem) = ItemTarget();
        var (file, victimFile) = FileTarget();
        var field = Pick(["content", "actionId", "fileIds", "value", "clientId"]);
        var value = field == "fileIds" && random.Next(2) == 0 ? $"[\"{file}\"]" : Value();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/asks/{item}/answer", Obj((field, value), ("clientId", Value())), victim || victimItem || (field == "fileIds" && victimFile && value.Contains(file, StringComparison.Ordinal)));
    }

    private FuzzRequest Action()
    {
        var (thread, victim) = ThreadTarget();
        var (item, victimItem) = ItemTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/actions", Obj(("clientId", Value()), ("itemId", random.Next(2) == 0 ? Quote(item) : Value()), ("actionId", Value())), victim || victimItem);
    }

    private FuzzRequest Stop()
    {
        var (thread, victim) = ThreadTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/stop", random.Next(3) == 0 ? "{}" : Obj(("runId", Value())), victim);
    }

    private FuzzRequest Retry()
    {
        var (thread, victim) = ThreadTarget();
        var (item, victimItem) = ItemTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/retry", Obj(("clientId", Value()), ("itemId", random.Next(2) == 0 ? Quote(item) : Value())), victim || victimItem);
    }

    private FuzzRequest End()
    {
        var (thread, victim) = ThreadTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/end", random.Next(2) == 0 ? "{}" : Value(), victim);
    }

    private FuzzRequest Feedback()
    {
        var (thread, victim) = ThreadTarget();
        var (item, victimItem) = ItemTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/feedback", Obj(("itemId", random.Next(2) == 0 ? Quote(item) : Value()), ("value", random.Next(2) == 0 ? Pick(["1", "-1", "0", "2", "1.5", "1e400"]) : Value()), ("comment", Value())), victim || victimItem);
    }

    private FuzzRequest Settings()
    {
        var (thread, victim) = ThreadTarget();
        var values = random.Next(3) switch
        {
            0 => Obj(("model", Pick(["\"small\"", "\"large\"", "\"huge\"", Value()])), ("stream", Pick(["true", "false", Value()])), ("temperature", Pick(["0.3", "0.35", "-1", "2", "1e308", "NaN", Value()]))),
            1 => Obj((RandomText(random.Next(1, 40)), Value())),
            _ => Value(),
        };
        return Json(HttpMethod.Put, $"/api/threads/{thread}/settings", Obj(("values", values)), victim);
    }

    private FuzzRequest WindowMessage()
    {
        var (thread, victim) = ThreadTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/window-messages", Obj(("data", Value())), victim);
    }

    private FuzzRequest AudioStart()
    {
        var (thread, victim) = ThreadTarget();
        return Json(HttpMethod.Post, $"/api/threads/{thread}/audio", Obj(("mimeType", Pick(["\"audio/webm\"", "\"audio/webm;codecs=opus\"", "\"video/mp4\"", "\"audio/\"", Value()])), ("clientId", Value())), victim);
    }

    private FuzzRequest AudioChunk()
    {
        var (thread, victim) = ThreadTarget();
        var stream = random.Next(3) == 0 ? Pick(Traversals) : "aud_" + RandomBase32(26);
        var headers = new List<KeyValuePair<string, string>>();
        if (random.Next(2) == 0)
        {
            headers.Add(new("X-Elapsed-Ms", Pick(["0", "-5", "abc", "1e99", "99999999999999999999999", "", "  12  ", "NaN"])));
        }

        return new FuzzRequest
        {
            Method = HttpMethod.Post,
            Path = $"/api/threads/{thread}/audio/{stream}/chunks",
            Body = RandomBytes(random.Next(0, 4096)),
            ContentTypes = random.Next(2) == 0 ? ["application/octet-stream"] : [Pick(JsonTypes)],
            Headers = headers,
            TargetsVictim = victim,
        };
    }

    private FuzzRequest AudioEnd()
    {
        var (thread, victim) = ThreadTarget();
        var stream = random.Next(3) == 0 ? Pick(Traversals) : "aud_" + RandomBase32(26);
        return Json(HttpMethod.Post, $"/api/threads/{thread}/audio/{stream}/end", "{}", victim);
    }

    private FuzzRequest Upload()
    {
        var (thread, victim) = ThreadTarget();
        var name = random.Next(3) switch
        {
            0 => Pick(["../../etc/passwd", "..\\..\\boot.ini", "%2e%2e%2fx.txt", "/abs/path.txt", "C:\\x.txt", "a/../../b.txt", "\u0000.txt", "....//x.txt"]),
            1 => RandomText(random.Next(0, 600)),
            _ => "note.txt",
        };
        var mime = Pick(["text/plain", "image/png", "application/x-msdownload", "text/html", "", "image/png; x=\"..\""]);
        var bytes = random.Next(2) == 0 ? Encoding.UTF8.GetBytes("hello file") : RandomBytes(random.Next(0, 20_000));
        var extra = random.Next(5) == 0 ? Pick(["url", "path", "threadId", "file"]) : null;
        var threadField = random.Next(6) == 0 ? RandomText(20) : thread;
        return new FuzzRequest
        {
            Method = HttpMethod.Post,
            Path = "/api/files",
            TargetsVictim = victim && threadField == thread,
            Multipart = () =>
            {
                var form = new MultipartFormDataContent();
                form.Add(new StringContent(Uri.UnescapeDataString(threadField)), "threadId");
                if (extra is not null)
                {
                    form.Add(new StringContent("../x"), extra);
                }

                var file = new ByteArrayContent(bytes);
                if (mime.Length > 0)
                {
                    file.Headers.TryAddWithoutValidation("Content-Type", mime);
                }

                form.Add(file, "file", name);
                return form;
            },
        };
    }

    private FuzzRequest GetFile()
    {
        var (file, victim) = FileTarget();
        return Bare(HttpMethod.Get, "/api/files/" + file, victim);
    }

    private FuzzRequest Events()
    {
        var (thread, victim) = ThreadTarget();
        var odd = Pick(["-1", "abc", "1.5", "99999999999999999999999", "", "0x10", " 1", "1e3", "%00", "9223372036854775807", "3", "0", "100000"]);
        var headers = new List<KeyValuePair<string, string>>();
        var path = $"/api/threads/{thread}/events";
        switch (random.Next(3))
        {
            case 0:
                path += "?after=" + Uri.EscapeDataString(odd);
                break;
            case 1:
                headers.Add(new("Last-Event-ID", odd));
                break;
            default:
                path += "?after=" + Pick(["1", "-3", "x"]);
                headers.Add(new("Last-Event-ID", odd));
                break;
        }

        return new FuzzRequest { Method = HttpMethod.Get, Path = path, Headers = headers, TargetsVictim = victim, Streaming = true };
    }

    private FuzzRequest GetApp() => Bare(HttpMethod.Get, "/api/app" + Pick(["", "?x=1", "/", "/../app"]), false);

    private FuzzRequest Element() => Bare(HttpMethod.Get, "/elements/" + Pick(["Rating", "_runtime.js", "..%2fappsettings.json", "../../etc/passwd", "Rating.html", "%2e%2e", "..\\Program", "", "NumberPicker", Uri.EscapeDataString(RandomText(100))]), false);

    private FuzzRequest UnknownApi() => Bare(Pick([HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete]), "/api/" + Pick(["nope", "threads/x/y/z", "threads//messages", "files", "..%2f..%2f", "%2e%2e/app", "admin", Uri.EscapeDataString(RandomText(80))]), false);

    private FuzzRequest WrongMethod()
    {
        var (thread, victim) = ThreadTarget();
        var (method, path) = Pick<(HttpMethod, string)>(
        [
            (HttpMethod.Put, "/api/threads"), (HttpMethod.Delete, "/api/app"), (HttpMethod.Post, $"/api/threads/{thread}/events"),
            (HttpMethod.Get, $"/api/threads/{thread}/messages"), (HttpMethod.Put, $"/api/threads/{thread}"), (HttpMethod.Delete, "/api/files/" + ids.VictimFile),
            (HttpMethod.Patch, $"/api/threads/{thread}/settings"), (HttpMethod.Options, $"/api/threads/{thread}"), (HttpMethod.Head, $"/api/threads/{thread}"),
            (new HttpMethod("PROPFIND"), "/api/threads"), (HttpMethod.Get, "/api/files"),
        ]);
        return Bare(method, path, victim && path.Contains(thread, StringComparison.Ordinal) && method != HttpMethod.Options);
    }

    // ---- bodies --------------------------------------------------------------------------------
}
