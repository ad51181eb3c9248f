using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley;
using Parley.AspNetCore;
using Parley.AspNetCore.Http;
using Parley.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Parley for an ASP.NET Core app.</summary>
public static class ParleyAspNetCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers Parley with <typeparamref name="TApp"/> as the app: the runtime, the HTTP API that
    /// <c>MapParley()</c> maps, anonymous identities, and SQLite under <c>{ContentRoot}/.parley</c> as
    /// the store (choose another with <c>UseSqlite(…)</c>, <c>UseInMemoryStore()</c>, <c>UseStore(…)</c>), and
    /// files in <c>{ContentRoot}/.parley/files</c> (choose others with <c>UseLocalFolderFileStore(…)</c>,
    /// <c>UseInMemoryFileStore()</c>, <c>UseFileStore(…)</c>).
    /// </summary>
    /// <typeparam name="TApp">The app; resolved in a fresh scope for every run and hook.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets runtime options; see <see cref="ParleyOptions"/> for the defaults.</param>
    public static IParleyBuilder AddParley<TApp>(this IServiceCollection services, Action<ParleyOptions>? configure = null)
        where TApp : ChatApp
    {
        var builder = services.AddParleyCore<TApp>(configure);
        if (services.Any(d => d.ServiceType == typeof(ParleyEndpointFilter)))
        {
            return builder;
        }

        builder.UseSqlite();
        builder.UseLocalFolderFileStore();
        services.AddOptions<ParleyHttpOptions>();
        services.TryAddSingleton<IChatUserResolver, DefaultChatUserResolver>();
        services.AddSingleton<ParleyEndpointFilter>();
        services.AddSingleton(_ => Parley.AspNetCore.Ui.UiAssets.Load());
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<IHostEnvironment, IOptions<ParleyHttpOptions>, ILoggerFactory>((keys, env, http, loggers) =>
        {
            // Identities are signed with these keys: keep them where the data is, so they survive
            // restarts and redeploys. An app that configured its own key storage keeps it.
            var directory = http.Value.KeysDirectory ?? Path.Combine(env.ContentRootPath, ".parley", "keys");
            if (keys.XmlRepository is null && directory.Length > 0)
            {
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), loggers);
            }
        });
        return builder;
    }

    /// <summary>Sets the HTTP layer's options; see <see cref="ParleyHttpOptions"/> for the defaults.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="configure">Sets the options.</param>
    public static IParleyBuilder ConfigureHttp(this IParleyBuilder builder, Action<ParleyHttpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}
