using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Sqlite;
using Parley.Storage;

namespace Parley.TestApp;

/// <summary>
/// Fault injection for the fault suite (tests/Parley.Faults), off unless the app is started with
/// <c>--faults true</c>: the store is wrapped by <see cref="FaultInjectingChatStore"/>, the store writer
/// gives up on a failing store after <c>--faults-retry-ms</c> (default 1,500 ms, so a trial need not
/// wait the default 30 s), and <c>/test/faults/*</c> switches faults on and off.
/// </summary>
internal static class TestFaults
{
    public static bool Enabled(WebApplicationBuilder builder) => builder.Configuration.GetValue<bool>("faults");

    /// <summary>Registers the switches and the store wrapper; call after the store is chosen.</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        if (!Enabled(builder))
        {
            return;
        }

        var retry = TimeSpan.FromMilliseconds(builder.Configuration.GetValue("faults-retry-ms", 1500));
        var services = builder.Services;
        services.AddSingleton(sp => new InjectedFaults(sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<IChatStore>();
        services.AddSingleton<IChatStore>(sp => new FaultInjectingChatStore(sp.GetRequiredService<SqliteChatStore>(), sp.GetRequiredService<InjectedFaults>()));
        services.Configure<Parley.Hosting.ParleyOptions>(o => o.Writer.RetryTimeout = retry);
    }

    /// <summary>
    /// <c>POST /test/faults/construction?armed=true|false</c>: the app's constructor throws while armed.
    /// <c>POST /test/faults/store?kind=full|locked|none&amp;ms=N&amp;reads=true|false</c>: the store fails for
    /// N ms (0: until <c>kind=none</c>), writes only unless <c>reads</c>.
    /// <c>GET /test/faults</c>: how many faults were injected.
    /// </summary>
    public static void Map(WebApplication app)
    {
        if (app.Services.GetService<InjectedFaults>() is null)
        {
            return;
        }

        app.MapPost("/test/faults/construction", (bool armed, InjectedFaults faults) =>
        {
            faults.ConstructionArmed = armed;
            return Results.NoContent();
        });
        app.MapPost("/test/faults/store", (string kind, int? ms, bool? reads, InjectedFaults faults) =>
        {
            if (kind is not ("full" or "locked" or "none"))
            {
                return Results.BadRequest("kind: full, locked or none");
            }

            faults.Store = kind == "none" ? null : new StoreFault(kind, ms is > 0 ? faults.Time.GetUtcNow().AddMilliseconds(ms.Value) : null, reads ?? false);
            return Results.NoContent();
        });
        app.MapGet("/test/faults", (InjectedFaults faults) => Results.Text(
            string.Create(CultureInfo.InvariantCulture, $"store failures: {faults.StoreFailures}, construction failures: {faults.ConstructionFailures}")));
    }
}
