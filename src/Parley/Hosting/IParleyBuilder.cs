using Microsoft.Extensions.DependencyInjection;

namespace Parley.Hosting;

/// <summary>
/// Configures Parley after <c>AddParley</c>: choose the store (<c>UseSqlite</c>, <c>UseInMemoryStore</c>)
/// and other services with <c>With…</c>/<c>Use…</c> extension methods.
/// </summary>
public interface IParleyBuilder
{
    /// <summary>The service collection Parley registers into.</summary>
    IServiceCollection Services { get; }
}
