using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Hosting;
using Parley.Sqlite;
using Parley.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SqliteChatStore"/> as Parley's store.</summary>
public static class ParleyBuilderSqliteExtensions
{
    /// <summary>
    /// Makes <see cref="SqliteChatStore"/> the <see cref="IChatStore"/>, replacing any store registered
    /// before. The store is a singleton, also resolvable as <see cref="SqliteChatStore"/>; its options are
    /// <see cref="SqliteChatStoreOptions"/> in the options system.
    /// </summary>
    /// <remarks>
    /// When neither <see cref="SqliteChatStoreOptions.DatabasePath"/> nor
    /// <see cref="SqliteChatStoreOptions.ConnectionString"/> is set, the database is
    /// <c>{ContentRootPath}/.parley/parley.db</c>, with the content root of the registered
    /// <see cref="IHostEnvironment"/>, or <see cref="AppContext.BaseDirectory"/> when there is none.
    /// </remarks>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="configure">Configures the options; null keeps the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IParleyBuilder UseSqlite(this IParleyBuilder builder, Action<SqliteChatStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SqliteChatStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>(static (o, provider) =>
        {
            if (o.DatabasePath is null && o.ConnectionString is null)
            {
                var contentRoot = provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
                o.DatabasePath = SqliteChatStore.GetDefaultDatabasePath(contentRoot);
            }
        });

        services.RemoveAll<IChatStore>();
        services.TryAddSingleton(static provider => new SqliteChatStore(provider.GetRequiredService<IOptions<SqliteChatStoreOptions>>().Value));
        services.AddSingleton<IChatStore>(static provider => provider.GetRequiredService<SqliteChatStore>());
        return builder;
    }

    /// <summary>
    /// Makes <see cref="SqliteChatStore"/> the <see cref="IChatStore"/> with the database at
    /// <paramref name="databasePath"/>, replacing any store registered before.
    /// </summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="databasePath">The database file; its directory is created when missing.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IParleyBuilder UseSqlite(this IParleyBuilder builder, string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return builder.UseSqlite(o => o.DatabasePath = databasePath);
    }
}
