// The test project uses the plain SDK; these are the ASP.NET Core namespaces the Web SDK would import.
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Hosting;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
