using Parley.TestApp;

// Usage: Parley.TestApp --urls http://127.0.0.1:PORT --data DIR
var builder = WebApplication.CreateBuilder(args);
var data = builder.Configuration["data"] ?? Path.Combine(builder.Environment.ContentRootPath, ".parley");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddParley<CommandedApp>(o => o.AppName = "Test app")
    .UseSqlite(Path.Combine(data, "parley.db"))
    .UseLocalFolderFileStore(Path.Combine(data, "files"))
    .ConfigureHttp(o => o.KeysDirectory = Path.Combine(data, "keys"))
    .WithTestActions()
    .WithAudio()
    .WithChatDeclarations();
builder.Services.Configure<Parley.Hosting.ParleyOptions>(o => o.Elements.ComponentsFolder = Path.Combine(AppContext.BaseDirectory, "public", "elements"));

var app = builder.Build();
app.MapParley();
app.MapGet("/healthz", () => "ok");
HostPage.Map(app);
HeapEndpoint.MapIfEnabled(app);
app.Run();
