using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley;
using Parley.Hosting;
using Parley.Runtime;
using Parley.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Parley runtime.</summary>
public static class ParleyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Parley runtime with <typeparamref name="TApp"/> as the app, and the in-memory store
    /// unless a store is chosen (<c>UseSqlite</c>, <c>UseInMemoryStore</c>). ASP.NET Core apps call
    /// <c>AddParley&lt;TApp&gt;()</c> from Parley.AspNetCore instead, which adds the HTTP API and makes
    /// SQLite the default.
    /// </summary>
    /// <typeparam name="TApp">The app; resolved in a fresh scope for every run and hook.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options; see <see cref="ParleyOptions"/> for the defaults.</param>
    public static IParleyBuilder AddParleyCore<TApp>(this IServiceCollection services, Action<ParleyOptions>? configure = null)
        where TApp : ChatApp
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ParleyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(ChatRuntime)))
        {
            return new ParleyBuilder(services);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParleyOptions>, ParleyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParleyOptions>, UploadOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChatStore, InMemoryChatStore>();
        services.TryAddSingleton<IFileStore, InMemoryFileStore>();
        services.TryAddSingleton(sp => new Parley.Elements.CustomElementCatalog(Options(sp).Elements.ComponentsFolder
            ?? Path.Combine(sp.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory, "public", "elements")));
        services.AddScoped<TApp>();
        services.AddScoped<ChatApp>(sp => sp.GetRequiredService<TApp>());

        services.AddSingleton(sp => new ParleyMetrics(sp.GetService<IMeterFactory>() ?? new OwnedMeterFactory()));
        services.AddSingleton(sp => new IdGenerator(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new KeepAliveTicker(Options(sp).KeepAliveInterval, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StoreWriter(
            sp.GetRequiredService<IChatStore>(),
            Options(sp).Writer,
            sp.GetRequiredService<ParleyMetrics>(),
            Loggers(sp).CreateLogger<StoreWriter>()));
        services.AddSingleton(sp => new ThreadHostServices(
            sp.GetRequiredService<IChatStore>(),
            sp.GetRequiredService<IFileStore>(),
            sp.GetRequiredService<StoreWriter>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IdGenerator>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<KeepAliveTicker>(),
            sp.GetRequiredService<ParleyMetrics>(),
            Loggers(sp)));
        services.AddSingleton(sp => new ThreadHostRegistry(sp.GetRequiredService<ThreadHostServices>()));
        services.AddSingleton(sp => new ChatRuntime(sp.GetRequiredService<ThreadHostRegistry>(), sp.GetRequiredService<ThreadHostServices>()));
        services.AddSingleton<IChatRunner>(sp => sp.GetRequiredService<ChatRuntime>());
        services.AddSingleton<IHostedService>(sp => new ParleyHostedService(
            sp.GetRequiredService<ThreadHostServices>(),
            sp.GetRequiredService<ThreadHostRegistry>(),
            sp.GetRequiredService<IServiceScopeFactory>()));
        return new ParleyBuilder(services);
    }

    /// <summary>Keeps everything in process memory, threads and files alike: for tests and demos; lost when the process ends.</summary>
    /// <param name="builder">The Parley builder.</param>
    public static IParleyBuilder UseInMemoryStore(this IParleyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IChatStore>();
        builder.Services.AddSingleton<IChatStore, InMemoryChatStore>();
        builder.UseInMemoryFileStore();
        return builder;
    }

    /// <summary>Uses a store the app provides (a decorator, a custom database).</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="factory">Creates the store once.</param>
    public static IParleyBuilder UseStore(this IParleyBuilder builder, Func<IServiceProvider, IChatStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IChatStore>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    private static ParleyOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<ParleyOptions>>().Value;

    private static ILoggerFactory Loggers(IServiceProvider sp) => sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

    /// <summary>A meter factory for hosts without metrics registered (a bare service collection).</summary>
    private sealed class OwnedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
