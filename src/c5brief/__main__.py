from c5brief.cli import main

main()
