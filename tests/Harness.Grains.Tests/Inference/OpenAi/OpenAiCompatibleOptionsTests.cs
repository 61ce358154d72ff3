using Harness.Grains.Inference.OpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Grains.Tests.Inference.OpenAi;

public sealed class OpenAiCompatibleOptionsTests
{
    private const string Section = "Harness:Inference:OpenAi";

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddOpenAiCompatibleInference(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Settings_bind_from_the_section_and_reach_the_backends()
    {
        using var services = Services(new()
        {
            [$"{Section}:ApiKey"] = "sk-1",
            [$"{Section}:IdleTimeout"] = "00:00:45",
            [$"{Section}:MaxRetries"] = "5",
            [$"{Section}:PriorityScheduling"] = "true",
            [$"{Section}:SupportsVision"] = "true",
            [$"{Section}:Models:0"] = "llama-3-70b",
        });
        services.GetRequiredService<IStartupValidator>().Validate();

        var options = services.GetRequiredService<IOptions<OpenAiCompatibleOptions>>().Value;
        var backend = services.GetRequiredService<OpenAiCompatibleBackendFactory>().Create(new Uri("http://gpu-node:8000/v1"));

        Assert.Equal(TimeSpan.FromSeconds(45), options.IdleTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.True(options.PriorityScheduling);
        Assert.True(backend.SupportsVision);
        Assert.True(backend.SupportsModel("llama-3-70b"));
        Assert.False(backend.SupportsModel("other"));
        Assert.Equal("openai-compatible", backend.Name);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        using var services = Services([]);

        services.GetRequiredService<IStartupValidator>().Validate();

        var options = services.GetRequiredService<IOptions<OpenAiCompatibleOptions>>().Value;
        Assert.False(options.PriorityScheduling);
        Assert.False(options.SupportsVision);
        Assert.Empty(options.Models);
        Assert.True(services.GetRequiredService<OpenAiCompatibleBackendFactory>().Create(new Uri("http://gpu-node:8000/v1")).SupportsModel("any"));
    }

    [Theory]
    [InlineData("MaxRetries", "11", "Harness:Inference:OpenAi:MaxRetries must be between 0 and 10")]
    [InlineData("MaxRetries", "-1", "Harness:Inference:OpenAi:MaxRetries must be between 0 and 10")]
    [InlineData("ConnectTimeout", "00:00:00", "Harness:Inference:OpenAi:ConnectTimeout must be positive")]
    [InlineData("FirstByteTimeout", "-00:00:01", "Harness:Inference:OpenAi:FirstByteTimeout must be positive")]
    [InlineData("IdleTimeout", "00:00:00", "Harness:Inference:OpenAi:IdleTimeout must be positive")]
    [InlineData("RetryBaseDelay", "00:00:00", "Harness:Inference:OpenAi:RetryBaseDelay must be positive")]
    [InlineData("RetryMaxDelay", "00:00:00.1", "Harness:Inference:OpenAi:RetryMaxDelay must be at least Harness:Inference:OpenAi:RetryBaseDelay")]
    [InlineData("Models:0", " ", "Harness:Inference:OpenAi:Models:0 must be a model name")]
    [InlineData("ApiKey", "sk with space", "Harness:Inference:OpenAi:ApiKey must not contain")]
    public void An_invalid_setting_fails_at_start_naming_it(string setting, string value, string expected)
    {
        using var services = Services(new() { [$"{Section}:{setting}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_key_is_not_echoed_by_its_failure()
    {
        using var services = Services(new() { [$"{Section}:ApiKey"] = "sk-secret\nX-Injected: 1" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.DoesNotContain("sk-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_factory_built_by_hand_validates_its_settings_too()
    {
        var options = new OpenAiCompatibleOptions { MaxRetries = 42 };

        var error = Assert.Throws<OptionsValidationException>(() => new OpenAiCompatibleBackendFactory(Options.Create(options), TimeProvider.System));

        Assert.Contains("Harness:Inference:OpenAi:MaxRetries must be between 0 and 10, not 42.", error.Failures);
    }
}
