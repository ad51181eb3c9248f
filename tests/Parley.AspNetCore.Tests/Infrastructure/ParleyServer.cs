using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Hosting;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Infrastructure;

/// <summary>A Parley app on real Kestrel, on a loopback port, with a scripted app and its own data folder.</summary>
public sealed class ParleyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsData;

    private ParleyServer(WebApplication app, AppScript script, string dataDirectory, Uri baseAddress, bool ownsData)
    {
        _app = app;
        _ownsData = ownsData;
        Script = script;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public AppScript Script { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ParleyServer> StartAsync(
        AppScript? script = null,
        Action<ParleyOptions>? options = null,
        Action<ParleyHttpOptions>? http = null,
        bool sqlite = true,
        string? dataDirectory = null,
        TimeProvider? time = null)
    {
        script ??= new AppScript();
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("parley-test-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDirectory });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(script);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var parley = builder.Services.AddParley<ScriptedApp>(options).ConfigureHttp(o =>
        {
            o.KeysDirectory = Path.Combine(dataDirectory, "keys");
            http?.Invoke(o);
        });
        if (!sqlite)
        {
            parley.UseInMemoryStore();
        }

        var app = builder.Build();
        app.MapParley();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ParleyServer(app, script, dataDirectory, new Uri(address), ownsData);
    }

    /// <summary>A new browser: its own cookie jar, hence its own anonymous identity.</summary>
    public ParleyClient NewClient() => new(BaseAddress);

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned up by the OS.
        }
    }
}
