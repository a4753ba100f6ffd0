// The example schemas of StreamTypes. The build plugin compiles every `.yaml` file in this
// folder into Swift next to this file; `Generated/ExampleSchemas` holds the same code,
// committed so it can be read without building, and a test keeps the two identical.
