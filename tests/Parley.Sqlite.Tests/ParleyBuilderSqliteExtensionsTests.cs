using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Hosting;
using Parley.Storage;

namespace Parley.Sqlite.Tests;

public sealed class ParleyBuilderSqliteExtensionsTests
{
    [Fact]
    public async Task UseSqlite_StoreRegisteredBefore_IsReplacedBySqliteSingleton()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChatStore, InMemoryChatStore>();
        services.AddSingleton<IChatStore, InMemoryChatStore>();

        new TestParleyBuilder(services).UseSqlite(Path.Combine(Path.GetTempPath(), "unused.db"));

        Assert.Single(services, d => d.ServiceType == typeof(IChatStore));
        await using var provider = services.BuildServiceProvider();
        var store = Assert.IsType<SqliteChatStore>(provider.GetRequiredService<IChatStore>());
        Assert.Same(store, provider.GetRequiredService<IChatStore>());
        Assert.Same(store, provider.GetRequiredService<SqliteChatStore>());
    }

    [Fact]
    public async Task UseSqlite_NoPathWithHostEnvironment_UsesParleyFolderUnderContentRoot()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment { ContentRootPath = "/srv/content" });

        new TestParleyBuilder(services).UseSqlite();

        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SqliteChatStoreOptions>>().Value;
        Assert.Equal(Path.Combine("/srv/content", ".parley", "parley.db"), options.DatabasePath);
        Assert.Null(options.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
    }

    [Fact]
    public async Task UseSqlite_NoPathWithoutHostEnvironment_UsesParleyFolderUnderAppBaseDirectory()
    {
        var services = new ServiceCollection();

        new TestParleyBuilder(services).UseSqlite();

        await using var provider = services.BuildServiceProvider();
        Assert.Equal(
            Path.Combine(AppContext.BaseDirectory, ".parley", "parley.db"),
            provider.GetRequiredService<IOptions<SqliteChatStoreOptions>>().Value.DatabasePath);
    }

    [Fact]
    public async Task UseSqlite_ConfigureWithConnectionString_KeepsItAndSetsNoPath()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment { ContentRootPath = "/srv/content" });

        new TestParleyBuilder(services).UseSqlite(o =>
        {
            o.ConnectionString = "Data Source=/tmp/x.db";
            o.BusyTimeout = TimeSpan.FromSeconds(1);
        });

        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SqliteChatStoreOptions>>().Value;
        Assert.Equal("Data Source=/tmp/x.db", options.ConnectionString);
        Assert.Null(options.DatabasePath);
        Assert.Equal(TimeSpan.FromSeconds(1), options.BusyTimeout);
    }

    [Fact]
    public async Task UseSqlite_DatabasePath_StoreUsesThatFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "parley-sqlite-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(root, "di.db");
        var services = new ServiceCollection();
        new TestParleyBuilder(services).UseSqlite(path);

        try
        {
            await using (var provider = services.BuildServiceProvider())
            {
                await provider.GetRequiredService<IChatStore>().InitializeAsync(CancellationToken.None);
                Assert.True(File.Exists(path));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void UseSqlite_BlankPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TestParleyBuilder(new ServiceCollection()).UseSqlite(" "));
    }

    private sealed class TestParleyBuilder(IServiceCollection services) : IParleyBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class TestHostEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "Parley.Sqlite.Tests";

        public required string ContentRootPath { get; set; }

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
