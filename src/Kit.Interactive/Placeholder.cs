namespace Kit.Interactive; static class Placeholder {}
