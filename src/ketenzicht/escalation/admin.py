from django.contrib import admin

from .models import Ladder, Rota, RotaMember, Rung


class RungInline(admin.TabularInline):
    model = Rung
    extra = 0


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    inlines = [RungInline]


class RotaMemberInline(admin.TabularInline):
    model = RotaMember
    extra = 0


@admin.register(Rota)
class RotaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind"]
    inlines = [RotaMemberInline]
