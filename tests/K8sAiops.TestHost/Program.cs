Console.WriteLine("test host");
