using Quickstart;

var builder = WebApplication.CreateBuilder(args);

// The whole setup: the app, its store (SQLite under ./.parley by default), the HTTP API.
builder.Services.AddParley<DemoAssistant>(o => o.AppName = "Parley demo");

var app = builder.Build();
app.MapParley();
app.Run();
