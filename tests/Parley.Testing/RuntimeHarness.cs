using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Hosting;
using Parley.Runtime;
using Parley.Storage;

namespace Parley.Testing;

/// <summary>The Parley runtime in process, without HTTP: a scripted app, a store, optionally a manual clock.</summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedLifecycleService> _hosted;
    private bool _stopped;

    private RuntimeHarness(ServiceProvider services, AppScript script, ChatUser user)
    {
        _services = services;
        Script = script;
        User = user;
        _hosted = services.GetServices<IHostedService>().OfType<IHostedLifecycleService>().ToList();
        Runtime = services.GetRequiredService<ChatRuntime>();
        Store = services.GetRequiredService<IChatStore>();
    }

    public AppScript Script { get; }

    public ChatRuntime Runtime { get; }

    public IChatStore Store { get; }

    public ChatUser User { get; }

    public IServiceProvider Services => _services;

    public static async Task<RuntimeHarness> StartAsync(
        AppScript? script = null, IChatStore? store = null, TimeProvider? time = null, Action<ParleyOptions>? options = null, Action<IServiceCollection>? configure = null)
    {
        script ??= new AppScript();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(script);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        configure?.Invoke(services);
        store ??= new InMemoryChatStore();
        services.AddParleyCore<ScriptedApp>(options).UseStore(_ => store);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var harness = new RuntimeHarness(provider, script, new ChatUser { Id = "usr_test" });
        foreach (var hosted in harness._hosted)
        {
            await hosted.StartingAsync(CancellationToken.None);
            await hosted.StartAsync(CancellationToken.None);
        }

        return harness;
    }

    /// <summary>Creates a thread and subscribes to it; the collector sees everything from seq 0.</summary>
    public async Task<(string ThreadId, EventCollector Events)> NewThreadAsync(ChatUser? user = null)
    {
        user ??= User;
        var created = await Runtime.CreateThreadAsync(user, Guid.NewGuid().ToString("n"), null, null, CancellationToken.None);
        var subscription = await Runtime.SubscribeAsync(user, created.Thread.Id, 0, CancellationToken.None);
        return (created.Thread.Id, new EventCollector(subscription));
    }

    public Task<MessageAccepted> SendAsync(string threadId, string content, ChatUser? user = null) =>
        Runtime.PostMessageAsync(user ?? User, threadId, Guid.NewGuid().ToString("n"), content, null, CancellationToken.None);

    /// <summary>Stops the host gracefully (sessions end, runs are interrupted, the writer drains).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var hosted in _hosted)
        {
            await hosted.StoppingAsync(CancellationToken.None);
        }

        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Stops at once, as a shutdown whose timeout already elapsed: nothing waits for the store.</summary>
    public async Task KillAsync()
    {
        _stopped = true;
        using var elapsed = new CancellationTokenSource();
        await elapsed.CancelAsync();
        foreach (var hosted in _hosted)
        {
            await hosted.StoppingAsync(elapsed.Token);
            await hosted.StopAsync(elapsed.Token);
        }

        await _services.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
