using Microsoft.Extensions.DependencyInjection;

namespace Parley.Hosting;

internal sealed class ParleyBuilder(IServiceCollection services) : IParleyBuilder
{
    public IServiceCollection Services { get; } = services;
}
