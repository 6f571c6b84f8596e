from ketenzicht.manage import main

main(["ketenzicht", *__import__("sys").argv[1:]])
